package simulator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	p "nestdeck/sandbox/internal/platform"
)

type obj = map[string]any

func ownerRef(u metav1.Object, apiVersion, kind string, controller bool) metav1.OwnerReference {
	c := controller
	block := true
	return metav1.OwnerReference{APIVersion: apiVersion, Kind: kind, Name: u.GetName(), UID: u.GetUID(),
		Controller: &c, BlockOwnerDeletion: &block}
}

func ownerOf(u *unstructured.Unstructured) metav1.OwnerReference {
	return ownerRef(u, u.GetAPIVersion(), u.GetKind(), true)
}

// ensure creates u unless an object of that name exists; it returns the live object.
func (s *Simulator) ensure(ctx context.Context, g schema.GroupVersionResource, u *unstructured.Unstructured) (*unstructured.Unstructured, bool, error) {
	if cur := s.get(g, u.GetNamespace(), u.GetName()); cur != nil {
		return cur, false, nil
	}
	created, err := s.Dyn.Resource(g).Namespace(u.GetNamespace()).Create(ctx, u, metav1.CreateOptions{FieldManager: "nestdeck-sandbox"})
	if apierrors.IsAlreadyExists(err) {
		cur, err := s.Dyn.Resource(g).Namespace(u.GetNamespace()).Get(ctx, u.GetName(), metav1.GetOptions{})
		return cur, false, err
	}
	return created, err == nil, err
}

// setStatus writes status only when it changed, so settled clusters cost nothing.
func (s *Simulator) setStatus(ctx context.Context, g schema.GroupVersionResource, u *unstructured.Unstructured, status obj) error {
	if reflect.DeepEqual(normalize(u.Object["status"]), normalize(status)) {
		return nil
	}
	u = u.DeepCopy()
	u.Object["status"] = status
	_, err := s.Dyn.Resource(g).Namespace(u.GetNamespace()).UpdateStatus(ctx, u, metav1.UpdateOptions{FieldManager: "nestdeck-sandbox"})
	return err
}

// normalize makes int64 and float64 compare equal after a JSON round trip.
func normalize(v any) any {
	switch t := v.(type) {
	case obj:
		out := obj{}
		for k, val := range t {
			out[k] = normalize(val)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, val := range t {
			out[i] = normalize(val)
		}
		return out
	case []obj:
		out := make([]any, len(t))
		for i, val := range t {
			out[i] = normalize(val)
		}
		return out
	case int:
		return float64(t)
	case int64:
		return float64(t)
	case bool, string, float64, nil:
		return t
	default:
		return fmt.Sprint(t)
	}
}

// condition builds a condition, keeping lastTransitionTime while the status holds.
func condition(prev *unstructured.Unstructured, typ string, ok bool, reason, message string, now time.Time) obj {
	status := "False"
	if ok {
		status = "True"
	}
	ts := now.UTC().Format(time.RFC3339)
	if prev != nil {
		conds, _, _ := unstructured.NestedSlice(prev.Object, "status", "conditions")
		for _, c := range conds {
			cm, _ := c.(obj)
			if cm["type"] == typ && cm["status"] == status {
				if t, ok := cm["lastTransitionTime"].(string); ok {
					ts = t
				}
			}
		}
	}
	return obj{"type": typ, "status": status, "reason": reason, "message": message, "lastTransitionTime": ts}
}

func condStatus(u *unstructured.Unstructured, typ string) string {
	if u == nil {
		return ""
	}
	conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
	for _, c := range conds {
		if cm, ok := c.(obj); ok && cm["type"] == typ {
			s, _ := cm["status"].(string)
			return s
		}
	}
	return ""
}

// event records a core/v1 Event about u, as controllers do.
func (s *Simulator) event(ctx context.Context, u *unstructured.Unstructured, warning bool, reason, message, component string) {
	// Objects created already provisioned (bulk seeds) have no history to tell.
	if u.GetAnnotations()[AnnProvisioned] == "true" {
		return
	}
	s.record(ctx, u, warning, reason, message, component)
}

// record is event without the history rule: for what happens after seeding.
func (s *Simulator) record(ctx context.Context, u *unstructured.Unstructured, warning bool, reason, message, component string) {
	typ := corev1.EventTypeNormal
	if warning {
		typ = corev1.EventTypeWarning
	}
	now := metav1.NewTime(s.Now())
	ev := &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{
			Name:      fmt.Sprintf("%s.%x", u.GetName(), now.UnixNano()),
			Namespace: u.GetNamespace(),
		},
		InvolvedObject: corev1.ObjectReference{
			APIVersion: u.GetAPIVersion(), Kind: u.GetKind(), Name: u.GetName(), Namespace: u.GetNamespace(),
			UID: u.GetUID(), ResourceVersion: u.GetResourceVersion(),
		},
		Reason: reason, Message: message, Type: typ, Count: 1,
		FirstTimestamp: now, LastTimestamp: now,
		Source:              corev1.EventSource{Component: component},
		ReportingController: component, ReportingInstance: component + "-sandbox",
	}
	if _, err := s.Kube.CoreV1().Events(u.GetNamespace()).Create(ctx, ev, metav1.CreateOptions{}); err != nil && ctx.Err() == nil {
		// Events are best effort, as in client-go's recorder.
		_ = err
	}
}

func shortHash(parts ...string) string {
	h := sha256.New()
	for _, s := range parts {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:8]
}

func (s *Simulator) delete(ctx context.Context, g schema.GroupVersionResource, ns, name string) error {
	bg := metav1.DeletePropagationBackground
	err := s.Dyn.Resource(g).Namespace(ns).Delete(ctx, name, metav1.DeleteOptions{PropagationPolicy: &bg})
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

func (s *Simulator) removeFinalizer(ctx context.Context, g schema.GroupVersionResource, u *unstructured.Unstructured) error {
	var keep []string
	for _, f := range u.GetFinalizers() {
		if f != Finalizer {
			keep = append(keep, f)
		}
	}
	if len(keep) == len(u.GetFinalizers()) {
		return nil
	}
	patch := []byte(fmt.Sprintf(`{"metadata":{"finalizers":%s,"resourceVersion":%q}}`, p.JSON(keep), u.GetResourceVersion()))
	if keep == nil {
		patch = []byte(fmt.Sprintf(`{"metadata":{"finalizers":null,"resourceVersion":%q}}`, u.GetResourceVersion()))
	}
	_, err := s.Dyn.Resource(g).Namespace(u.GetNamespace()).Patch(ctx, u.GetName(), types.MergePatchType, patch, metav1.PatchOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	return err
}

func (s *Simulator) addFinalizer(ctx context.Context, g schema.GroupVersionResource, u *unstructured.Unstructured) error {
	return s.addFinalizerNamed(ctx, g, u, Finalizer)
}

func (s *Simulator) addFinalizerNamed(ctx context.Context, g schema.GroupVersionResource, u *unstructured.Unstructured, name string) error {
	for _, f := range u.GetFinalizers() {
		if f == name {
			return nil
		}
	}
	fins := append(u.GetFinalizers(), name)
	patch := []byte(fmt.Sprintf(`{"metadata":{"finalizers":%s,"resourceVersion":%q}}`, p.JSON(fins), u.GetResourceVersion()))
	_, err := s.Dyn.Resource(g).Namespace(u.GetNamespace()).Patch(ctx, u.GetName(), types.MergePatchType, patch, metav1.PatchOptions{})
	return err
}
