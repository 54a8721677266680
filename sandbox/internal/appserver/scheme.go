package appserver

import (
	"fmt"

	"k8s.io/apiextensions-apiserver/pkg/crdserverscheme"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/runtime/serializer/versioning"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/endpoints/handlers"
	"k8s.io/apiserver/pkg/registry/rest"
)

// The served objects are unstructured, as custom resources are in the
// kube-apiserver: their kinds come from ApplicationDefinitions at run time and
// no Go type describes them. What follows is the codec plumbing the generic
// request handlers need for that (JSON and YAML; no protobuf, as for CRDs).

// scheme knows the meta types every response may carry (Status, lists of
// versions, watch events' wrappers).
var (
	scheme = runtime.NewScheme()
	codecs = serializer.NewCodecFactory(scheme)
)

func init() {
	metav1.AddToGroupVersion(scheme, schema.GroupVersion{Version: "v1"})
	unversioned := schema.GroupVersion{Version: "v1"}
	scheme.AddUnversionedTypes(unversioned, &metav1.Status{}, &metav1.APIVersions{}, &metav1.APIGroupList{},
		&metav1.APIGroup{}, &metav1.APIResourceList{})
}

type unstructuredCreator struct{}

func (unstructuredCreator) New(kind schema.GroupVersionKind) (runtime.Object, error) {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(kind)
	return u, nil
}

// typer names unstructured objects by their own apiVersion and kind, and
// everything else through the scheme.
type typer struct {
	unstructured *crdserverscheme.UnstructuredObjectTyper
}

func (t typer) ObjectKinds(o runtime.Object) ([]schema.GroupVersionKind, bool, error) {
	if _, ok := o.(runtime.Unstructured); ok {
		return t.unstructured.ObjectKinds(o)
	}
	return scheme.ObjectKinds(o)
}

func (t typer) Recognizes(gvk schema.GroupVersionKind) bool {
	return scheme.Recognizes(gvk) || t.unstructured.Recognizes(gvk)
}

// converter: one version per group, so "conversion" only sets apiVersion.
type converter struct{ namespaced bool }

func (c converter) Convert(in, out, _ any) error {
	src, ok := in.(*unstructured.Unstructured)
	dst, ok2 := out.(*unstructured.Unstructured)
	if !ok || !ok2 {
		return fmt.Errorf("cannot convert %T to %T", in, out)
	}
	gvk := dst.GroupVersionKind()
	dst.SetUnstructuredContent(runtime.DeepCopyJSON(src.UnstructuredContent()))
	dst.SetAPIVersion(gvk.GroupVersion().String())
	return nil
}

func (c converter) ConvertToVersion(in runtime.Object, target runtime.GroupVersioner) (runtime.Object, error) {
	if _, ok := in.(runtime.Unstructured); !ok {
		// The watch stream's frame (metav1.WatchEvent, its object already
		// encoded) and other meta types are written as they are.
		return in, nil
	}
	kind := in.GetObjectKind().GroupVersionKind()
	gvk, ok := target.KindForGroupVersionKinds([]schema.GroupVersionKind{kind})
	if !ok {
		return nil, fmt.Errorf("%s cannot be converted to %v", kind, target)
	}
	out := in.DeepCopyObject()
	if list, ok := out.(*unstructured.UnstructuredList); ok {
		for i := range list.Items {
			list.Items[i].SetAPIVersion(gvk.GroupVersion().String())
		}
	}
	out.GetObjectKind().SetGroupVersionKind(gvk)
	return out, nil
}

func (c converter) ConvertFieldLabel(_ schema.GroupVersionKind, label, value string) (string, string, error) {
	if label == "metadata.name" || (c.namespaced && label == "metadata.namespace") {
		return label, value, nil
	}
	return "", "", fmt.Errorf("field label not supported: %s", label)
}

type noDefaults struct{}

func (noDefaults) Default(runtime.Object) {}

// negotiated serves JSON and YAML; decoding goes through versioning so the
// request's apiVersion and kind are checked against the endpoint.
type negotiated struct {
	conv  converter
	types []runtime.SerializerInfo
}

func newNegotiated(conv converter) negotiated {
	creator, typ := unstructuredCreator{}, typer{crdserverscheme.NewUnstructuredObjectTyper()}
	js := func(o json.SerializerOptions) *json.Serializer {
		return json.NewSerializerWithOptions(json.DefaultMetaFactory, creator, typ, o)
	}
	return negotiated{conv: conv, types: []runtime.SerializerInfo{
		{
			MediaType: "application/json", MediaTypeType: "application", MediaTypeSubType: "json", EncodesAsText: true,
			Serializer: js(json.SerializerOptions{}), PrettySerializer: js(json.SerializerOptions{Pretty: true}),
			StrictSerializer: js(json.SerializerOptions{Strict: true}),
			StreamSerializer: &runtime.StreamSerializerInfo{EncodesAsText: true, Serializer: js(json.SerializerOptions{}), Framer: json.Framer},
		},
		{
			MediaType: "application/yaml", MediaTypeType: "application", MediaTypeSubType: "yaml", EncodesAsText: true,
			Serializer: js(json.SerializerOptions{Yaml: true}), StrictSerializer: js(json.SerializerOptions{Yaml: true, Strict: true}),
		},
	}}
}

func (n negotiated) SupportedMediaTypes() []runtime.SerializerInfo { return n.types }

func (n negotiated) EncoderForVersion(e runtime.Encoder, gv runtime.GroupVersioner) runtime.Encoder {
	return versioning.NewCodec(e, nil, n.conv, scheme, scheme, scheme, gv, nil, "appserver")
}

func (n negotiated) DecoderToVersion(d runtime.Decoder, gv runtime.GroupVersioner) runtime.Decoder {
	return versioning.NewCodec(nil, d, n.conv, scheme, scheme, noDefaults{}, nil, gv, "appserver")
}

// requestScope is what the generic handlers need to serve one resource.
func requestScope(gvr schema.GroupVersionResource, kind string, namespaced bool, tables rest.TableConvertor,
	authz authorizer.Authorizer) (*handlers.RequestScope, error) {
	gvk := gvr.GroupVersion().WithKind(kind)
	conv := converter{namespaced: namespaced}
	ser := newNegotiated(conv)
	params := runtime.NewScheme()
	params.AddUnversionedTypes(gvr.GroupVersion(), &metav1.ListOptions{}, &metav1.GetOptions{}, &metav1.DeleteOptions{})
	scope := &handlers.RequestScope{
		Namer:               handlers.ContextBasedNaming{Namer: meta.NewAccessor(), ClusterScoped: !namespaced},
		Serializer:          ser,
		ParameterCodec:      runtime.NewParameterCodec(params),
		StandardSerializers: ser.types,
		Creater:             unstructuredCreator{},
		Convertor:           conv,
		Defaulter:           noDefaults{},
		Typer:               typer{crdserverscheme.NewUnstructuredObjectTyper()},
		UnsafeConvertor:     conv,
		Authorizer:          authz,

		EquivalentResourceMapper: runtime.NewEquivalentResourceRegistry(),
		TableConvertor:           tables,
		Resource:                 gvr,
		Kind:                     gvk,
		HubGroupVersion:          gvr.GroupVersion(),
		MetaGroupVersion:         metav1.SchemeGroupVersion,
		MaxRequestBodyBytes:      3 << 20,
	}
	// Every write handler records managed fields; the application storage
	// drops them (an application has none), as cozystack-api does.
	fm, err := managedfields.NewDefaultCRDFieldManager(managedfields.NewDeducedTypeConverter(), conv, noDefaults{},
		unstructuredCreator{}, gvk, gvr.GroupVersion(), "", nil)
	if err != nil {
		return nil, err
	}
	scope.FieldManager = fm
	return scope, nil
}
