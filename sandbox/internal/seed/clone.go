package seed

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sync/atomic"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/protobuf"
	"k8s.io/client-go/kubernetes/scheme"

	"nestdeck/sandbox/internal/controlplane"
	"nestdeck/sandbox/internal/simulator"
)

// Cloning a tenant, straight into etcd.
//
// Through the API server a provisioned cluster tree costs ~40 writes (a
// create and a status update for each object: status is a subresource), and
// on two cores the API server settles ~5 trees a second: 20,000 clusters
// would take over an hour and most of the machine. A scale test needs many
// trees, not many different ones. So the template tenant and its clusters are
// made the ordinary way, through the API server and the simulator, and every
// other tenant is a copy of its etcd values with the tenant's name and its
// own objects' UIDs replaced (custom resources also lose their managedFields:
// see forCopies). The API server, its watch cache and every informer see the
// copies as they see any write to etcd; the simulator reconciles each copied
// cluster, finds its tree complete and writes nothing.
//
// Core objects (namespaces, secrets, RBAC, quotas) are stored as protobuf, so
// a replacement must keep every string's length: tenant names are fixed width
// (bulk0001) and a UID maps to another UID. The copies skip admission, which
// is why only the template's own objects are copied, never made up.

var uidPattern = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// TenantTemplate is a tenant's etcd entries, ready to be copied.
type TenantTemplate struct {
	prefix string
	token  []byte // the tenant's fixed-width name, as it appears in keys and values
	kvs    []templateKV
	// The template's own objects' UIDs: a copy gets new ones, and references
	// to them follow. Other UIDs (an owner outside the tenant, such as the
	// parent tenant's namespace) are kept: a reference to a UID that exists
	// nowhere makes the garbage collector delete the referrer.
	uids map[string]bool
}

type templateKV struct{ key, value []byte }

// LoadTenantTemplate reads every entry under prefix (the API server's
// --etcd-prefix) whose key names the tenant: its namespace and everything in
// it, and the objects named for it elsewhere (the Tenant app, its release,
// cluster-wide RBAC).
func LoadTenantTemplate(ctx context.Context, cli *clientv3.Client, prefix, token string) (*TenantTemplate, error) {
	keys, err := cli.Get(ctx, prefix+"/", clientv3.WithPrefix(), clientv3.WithKeysOnly())
	if err != nil {
		return nil, fmt.Errorf("etcd: list keys: %w", err)
	}
	t := &TenantTemplate{prefix: prefix, token: []byte(token), uids: map[string]bool{}}
	for _, kv := range keys.Kvs {
		if !bytes.Contains(kv.Key, t.token) {
			continue
		}
		got, err := cli.Get(ctx, string(kv.Key))
		if err != nil {
			return nil, fmt.Errorf("etcd: get %s: %w", kv.Key, err)
		}
		if len(got.Kvs) == 0 {
			continue // deleted meanwhile
		}
		v, err := forCopies(got.Kvs[0].Value)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", kv.Key, err)
		}
		uid, err := storedUID(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", kv.Key, err)
		}
		t.uids[uid] = true
		t.kvs = append(t.kvs, templateKV{key: kv.Key, value: v})
	}
	if len(t.kvs) == 0 {
		return nil, fmt.Errorf("etcd: nothing under %s names tenant %s", prefix, token)
	}
	// A tenant whose namespace exists is complete (a copy is one
	// transaction): that is what makes a cut-short clone resumable.
	ns := t.namespaceKey(t.token)
	if !slices.ContainsFunc(t.kvs, func(kv templateKV) bool { return bytes.Equal(kv.key, ns) }) {
		return nil, fmt.Errorf("etcd: tenant %s has no namespace", token)
	}
	return t, nil
}

// Objects returns how many entries one copy writes.
func (t *TenantTemplate) Objects() int { return len(t.kvs) }

func (t *TenantTemplate) namespaceKey(token []byte) []byte {
	return []byte(t.prefix + "/namespaces/tenant-" + string(token))
}

// forCopies prepares a custom resource's stored JSON for copying:
//   - the simulator's mark of a tenant control plane served by a real API
//     server goes: a copy must not start one more;
//   - managedFields go. Half of what the API server's watch cache holds for
//     an object is its managedFields decoded (SetObjectMeta), and at 20,000
//     clusters that decides whether the cache fits beside the simulator on 24
//     GiB. The template keeps its own; a copy gets them back with the first
//     write to it, as any object does. Clients that keep them (kubectl)
//     transfer less; Nestdeck drops them anyway, so it gains nothing.
//
// Protobuf values (core objects) are returned as they are.
func forCopies(v []byte) ([]byte, error) {
	if bytes.HasPrefix(v, []byte("k8s\x00")) {
		return v, nil
	}
	d := json.NewDecoder(bytes.NewReader(v))
	d.UseNumber() // integers stay as written
	var o map[string]any
	if err := d.Decode(&o); err != nil {
		return nil, err
	}
	if md, ok := o["metadata"].(map[string]any); ok {
		delete(md, "managedFields")
		if ann, ok := md["annotations"].(map[string]any); ok {
			delete(ann, simulator.AnnRealAPIServer)
		}
	}
	return json.Marshal(o)
}

// storedUID reads the UID of an object as the API server stores it: JSON
// (custom resources) or protobuf behind the "k8s\x00" magic (core types).
func storedUID(v []byte) (string, error) {
	var o runtime.Object
	if bytes.HasPrefix(v, []byte("k8s\x00")) {
		var err error
		if o, _, err = protobuf.NewSerializer(scheme.Scheme, scheme.Scheme).Decode(v, nil, nil); err != nil {
			return "", err
		}
	} else {
		u := &unstructured.Unstructured{}
		if err := u.UnmarshalJSON(v); err != nil {
			return "", err
		}
		o = u
	}
	m, err := meta.Accessor(o)
	if err != nil {
		return "", err
	}
	if m.GetUID() == "" {
		return "", fmt.Errorf("stored object has no UID")
	}
	return string(m.GetUID()), nil
}

// copyFor rewrites one entry for the tenant named token.
func (t *TenantTemplate) copyFor(b, token []byte) []byte {
	out := bytes.ReplaceAll(b, t.token, token)
	return uidPattern.ReplaceAllFunc(out, func(uid []byte) []byte {
		if !t.uids[string(uid)] {
			return uid
		}
		// Not append(uid, ...): uid aliases the buffer being rewritten.
		h := sha256.Sum256([]byte(string(uid) + "/" + string(token)))
		x := hex.EncodeToString(h[:16])
		return []byte(x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32])
	})
}

// CloneTo writes a copy of the template for each tenant token that has no
// namespace yet, and returns how many it wrote. Tokens must have the
// template's length. progress (called from the workers, concurrently) gets
// the number of tenants done, copied or found, as it grows.
func (t *TenantTemplate) CloneTo(ctx context.Context, cli *clientv3.Client, tokens []string, workers int, progress func(done int)) (int, error) {
	for _, tok := range tokens {
		if len(tok) != len(t.token) {
			return 0, fmt.Errorf("clone: tenant %q is not as long as the template's %q", tok, t.token)
		}
	}
	var done, copied atomic.Int64
	err := parallel(ctx, workers, len(tokens), func(i int) error {
		tok := []byte(tokens[i])
		have, err := cli.Get(ctx, string(t.namespaceKey(tok)), clientv3.WithCountOnly())
		if err != nil {
			return fmt.Errorf("etcd: %w", err)
		}
		if have.Count == 0 {
			if err := t.write(ctx, cli, tok); err != nil {
				return fmt.Errorf("clone tenant %s: %w", tok, err)
			}
			copied.Add(1)
		}
		if progress != nil {
			progress(int(done.Add(1)))
		}
		return nil
	})
	return int(copied.Load()), err
}

// write puts one copy in one transaction: the garbage collector must never
// see a child whose owner is not there yet (it would delete the child).
func (t *TenantTemplate) write(ctx context.Context, cli *clientv3.Client, tok []byte) error {
	ops := make([]clientv3.Op, 0, len(t.kvs))
	size := 0
	for _, kv := range t.kvs {
		k, v := t.copyFor(kv.key, tok), t.copyFor(kv.value, tok)
		ops = append(ops, clientv3.OpPut(string(k), string(v)))
		size += len(k) + len(v)
	}
	if len(ops) > controlplane.MaxTxnOps || size > controlplane.MaxRequestBytes-(1<<20) {
		return fmt.Errorf("a tenant of %d objects (%d bytes) does not fit one etcd transaction: seed fewer clusters per tenant", len(ops), size)
	}
	_, err := cli.Txn(ctx).Then(ops...).Commit()
	return err
}

// DialEtcd connects to the sandbox's etcd (plain HTTP on loopback).
func DialEtcd(url string) (*clientv3.Client, error) {
	return clientv3.New(clientv3.Config{Endpoints: []string{url}, DialTimeout: 5 * time.Second,
		MaxCallSendMsgSize: controlplane.MaxRequestBytes + (1 << 20)})
}
