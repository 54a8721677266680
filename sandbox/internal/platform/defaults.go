package platform

import "k8s.io/apimachinery/pkg/runtime"

// WithDefaults fills the schema's defaults into a spec, as the platform does
// on every read: a missing (or null) property with a default gets it, and
// defaults apply inside what is there (object properties, map values, list
// items), including inside a default just filled in.
func WithDefaults(v any, schema obj) any {
	if schema == nil {
		return v
	}
	switch {
	case isObjectSchema(schema):
		m, ok := v.(obj)
		if !ok {
			return v
		}
		props, _ := schema["properties"].(obj)
		for name, ps := range props {
			sub, _ := ps.(obj)
			if cur, ok := m[name]; !ok || cur == nil {
				if d, has := sub["default"]; has {
					m[name] = runtime.DeepCopyJSONValue(d)
				}
			}
			if cur, ok := m[name]; ok {
				m[name] = WithDefaults(cur, sub)
			}
		}
		if ap, ok := schema["additionalProperties"].(obj); ok {
			for name, cur := range m {
				if _, known := props[name]; !known {
					m[name] = WithDefaults(cur, ap)
				}
			}
		}
		return m
	case schema["items"] != nil:
		items, _ := schema["items"].(obj)
		if l, ok := v.([]any); ok {
			for i := range l {
				l[i] = WithDefaults(l[i], items)
			}
		}
	}
	return v
}

func isObjectSchema(s obj) bool {
	if t, _ := s["type"].(string); t == "object" {
		return true
	}
	_, props := s["properties"]
	_, ap := s["additionalProperties"].(obj)
	return props || ap
}
