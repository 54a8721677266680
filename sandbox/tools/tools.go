//go:build tools

// Package tools pins the Kubernetes commands the sandbox builds with
// `go build k8s.io/kubernetes/cmd/...`, so `go mod tidy` keeps them.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
