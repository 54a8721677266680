package simulator

import "k8s.io/apimachinery/pkg/runtime"

func runtimeDeepCopy(o obj) obj { return runtime.DeepCopyJSON(o) }
