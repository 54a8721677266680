package simulator

import (
	"context"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"

	p "nestdeck/sandbox/internal/platform"
)

// Simulated seconds at speed 1 (a new cluster is Ready in about 20-30 s).
const (
	tReleased       = 1.0  // app age: HelmRelease installed
	tInfra          = 3.0  // app age: KubevirtCluster ready
	tControlPlane   = 8.0  // app age: TenantControlPlane ready
	tMachinePending = 2.0  // machine age: Pending → Provisioning
	tVMRunning      = 6.0  // machine age: VM Starting → Running
	tMachineRunning = 10.0 // machine age: Provisioning → Running (node joined)
	tMachineFail    = 6.0  // machine age: Provisioning → Failed (injected)
	tAddonReady     = 5.0  // addon HelmRelease age: Ready
	tUpgrade        = 8.0  // since upgrade start: new version running
	tDeleteStep     = 2.0  // seconds between cleanup steps
	requeue         = 0.5  // simulated seconds between checks while something moves
)

type tree struct {
	s        *Simulator
	ctx      context.Context
	app      *unstructured.Unstructured // the application (see appView)
	hr       *unstructured.Unstructured // its release
	ns, name string
	rel      string
	spec     obj
	now      time.Time
	age      float64
	instant  bool // the app was created already provisioned and is still settling
	pending  bool
	problems []string
}

func (t *tree) labels(extra map[string]string) map[string]string {
	l := map[string]string{
		p.LabelAppName: t.name, p.LabelAppKind: t.app.GetKind(), p.LabelAppGroup: "apps.cozystack.io",
		p.LabelClusterName:            t.rel,
		"helm.toolkit.fluxcd.io/name": t.rel, "helm.toolkit.fluxcd.io/namespace": t.ns,
	}
	for k, v := range extra {
		l[k] = v
	}
	return l
}

func (t *tree) newObj(g schema.GroupVersionResource, name string, owner *unstructured.Unstructured, extraLabels map[string]string) *unstructured.Unstructured {
	u := p.New(p.KindOf(g), t.ns, name)
	u.SetLabels(t.labels(extraLabels))
	if owner != nil {
		u.SetOwnerReferences([]metav1.OwnerReference{ownerOf(owner)})
	}
	if t.instant {
		u.SetAnnotations(map[string]string{AnnProvisioned: "true"})
	}
	return u
}

func (t *tree) ensure(g schema.GroupVersionResource, u *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	live, created, err := t.s.ensure(t.ctx, g, u)
	if created {
		t.pending = true
	}
	return live, err
}

func (t *tree) ageOf(u *unstructured.Unstructured) float64 { return t.s.age(t.app, u) }

func (t *tree) wait(done bool) bool {
	if !done {
		t.pending = true
	}
	return done
}

func nested(o obj, path ...string) any {
	v, _, _ := unstructured.NestedFieldNoCopy(o, path...)
	return v
}

func nestedString(o obj, path ...string) string { s, _ := nested(o, path...).(string); return s }

func nestedBool(o obj, path ...string) bool { b, _ := nested(o, path...).(bool); return b }

func nestedInt(o obj, def int64, path ...string) int64 {
	switch v := nested(o, path...).(type) {
	case int64:
		return v
	case float64:
		return int64(v)
	case int:
		return int64(v)
	}
	return def
}

func listAnn(app *unstructured.Unstructured, ann, item string) bool {
	v := app.GetAnnotations()[ann]
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f != "" && (f == "*" || f == item) {
			return true
		}
	}
	return false
}

func (s *Simulator) reconcileKubernetes(ctx context.Context, ns, name string) (time.Duration, error) {
	rel := p.KubernetesReleasePrefix + name
	hr := s.get(p.HelmReleaseGVR, ns, rel)
	if hr == nil {
		if s.Tenants != nil {
			s.Tenants.Remove(ns, name)
		}
		return 0, nil
	}
	app := appView("Kubernetes", p.KubernetesReleasePrefix, hr)
	if hr.GetDeletionTimestamp() != nil {
		return s.cleanup(ctx, app, hr)
	}
	if err := s.addFinalizer(ctx, p.HelmReleaseGVR, hr); err != nil {
		return 0, err
	}
	t := &tree{s: s, ctx: ctx, app: app, hr: hr, ns: ns, name: name, rel: rel, spec: s.spec("Kubernetes", hr), now: s.Now()}
	t.age = s.age(app, app)
	if err := t.reconcile(); err != nil {
		return 0, err
	}
	if t.pending {
		return s.after(app, requeue), nil
	}
	return 0, nil
}

func (t *tree) reconcile() error {
	s := t.s
	hr := t.hr
	t.instant = t.app.GetAnnotations()[AnnProvisioned] == "true" && condStatus(hr, "Ready") != "True"
	// New values: helm-controller upgrades the release (the status's checksum
	// is of the values it last applied).
	if sum := shortHash(p.JSON(t.spec)); nestedString(hr.Object, "status", "lastAttemptedValuesChecksum") != sum &&
		nestedString(hr.Object, "status", "lastAttemptedValuesChecksum") != "" {
		s.event(t.ctx, hr, false, "UpgradeStarted", "Values changed; upgrading release "+t.ns+"/"+t.rel, "helm-controller")
	}
	released := t.wait(t.age >= tReleased)
	if !released {
		return t.writeAppStatus(hr, released, false, "Progressing", "Reconciliation in progress", false)
	}

	cluster, err := t.ensure(p.ClusterGVR, t.clusterObj(hr))
	if err != nil {
		return err
	}
	kvc, err := t.ensure(p.KubevirtClusterGVR, t.newObjSpec(p.KubevirtClusterGVR, t.rel, cluster, nil,
		obj{"controlPlaneServiceTemplate": obj{"spec": obj{"type": "ClusterIP"}}}))
	if err != nil {
		return err
	}
	infraReady := t.wait(t.age >= tInfra)
	if err := s.setStatus(t.ctx, p.KubevirtClusterGVR, kvc, obj{"ready": infraReady,
		"conditions": []any{condition(kvc, "Ready", infraReady, reasonIf(infraReady, "Ready", "WaitingForLoadBalancer"), "", t.now)}}); err != nil {
		return err
	}

	cp, err := t.controlPlane(cluster)
	if err != nil {
		return err
	}
	if err := t.clusterStatus(cluster, infraReady, cp.ready); err != nil {
		return err
	}
	groups, err := t.nodeGroups(cluster, cp)
	if err != nil {
		return err
	}
	addonsOK, err := t.addons(hr, cp.ready)
	if err != nil {
		return err
	}
	if cp.ready {
		if err := t.kubeconfigSecret(cp, groups.nodes); err != nil {
			return err
		}
	}

	ready := cp.ready && groups.ready && addonsOK && len(t.problems) == 0
	reason, msg := "InstallSucceeded", "Helm install succeeded for release "+t.ns+"/"+t.rel+" with chart kubernetes@"+chartVersion
	if !ready {
		reason, msg = "Progressing", "Reconciliation in progress"
		if len(t.problems) > 0 {
			reason = "InstallFailed"
			msg = "Helm install failed for release " + t.ns + "/" + t.rel + " with chart kubernetes@" + chartVersion + ": " + strings.Join(t.problems, "; ")
		}
	}
	return t.writeAppStatus(hr, true, ready, reason, msg, groups.ready)
}

func reasonIf(ok bool, yes, no string) string {
	if ok {
		return yes
	}
	return no
}

func (t *tree) newObjSpec(g schema.GroupVersionResource, name string, owner *unstructured.Unstructured, extra map[string]string, spec obj) *unstructured.Unstructured {
	u := t.newObj(g, name, owner, extra)
	u.Object["spec"] = spec
	return u
}

func (t *tree) clusterObj(hr *unstructured.Unstructured) *unstructured.Unstructured {
	return t.newObjSpec(p.ClusterGVR, t.rel, hr, nil, obj{
		"clusterNetwork":    obj{"pods": obj{"cidrBlocks": []any{"10.243.0.0/16"}}, "services": obj{"cidrBlocks": []any{"10.95.0.0/16"}}},
		"controlPlaneRef":   obj{"apiVersion": p.APIVersion(p.KamajiCPGVR), "kind": "KamajiControlPlane", "name": t.rel, "namespace": t.ns},
		"infrastructureRef": obj{"apiVersion": p.APIVersion(p.KubevirtClusterGVR), "kind": "KubevirtCluster", "name": t.rel, "namespace": t.ns},
	})
}

func (t *tree) clusterStatus(cluster *unstructured.Unstructured, infraReady, cpReady bool) error {
	phase := "Provisioning"
	if infraReady && cpReady {
		phase = "Provisioned"
	} else if t.app.GetAnnotations()[AnnFailCP] == "true" && t.age >= 2*tControlPlane {
		phase = "Failed"
	}
	ready := infraReady && cpReady
	return t.s.setStatus(t.ctx, p.ClusterGVR, cluster, obj{
		"phase": phase, "infrastructureReady": infraReady, "controlPlaneReady": cpReady, "observedGeneration": cluster.GetGeneration(),
		"conditions": []any{
			condition(cluster, "Ready", ready, reasonIf(ready, "Ready", "WaitingForControlPlane"), "", t.now),
			condition(cluster, "ControlPlaneReady", cpReady, reasonIf(cpReady, "Ready", "WaitingForControlPlane"), "", t.now),
			condition(cluster, "InfrastructureReady", infraReady, reasonIf(infraReady, "Ready", "WaitingForInfrastructure"), "", t.now),
		},
	})
}

type cpState struct {
	ready    bool
	running  string // running version, "" before the first start
	endpoint string
	tcp      *unstructured.Unstructured
}

func componentResources(spec obj, path ...string) obj {
	c, _ := nested(spec, path...).(obj)
	preset := nestedString(c, "resourcesPreset")
	res, _ := c["resources"].(obj)
	out := obj{}
	if size, ok := p.PresetSizes[preset]; ok {
		out = obj{"requests": obj{"cpu": size[0], "memory": size[1]}, "limits": obj{"cpu": size[0], "memory": size[1]}}
	}
	if cpu, ok := res["cpu"]; ok && fmt.Sprint(cpu) != "" {
		out = obj{"requests": obj{"cpu": cpu, "memory": res["memory"]}, "limits": obj{"cpu": cpu, "memory": res["memory"]}}
	}
	return out
}

func (t *tree) controlPlane(cluster *unstructured.Unstructured) (cpState, error) {
	s := t.s
	wantMinor := nestedString(t.spec, "version")
	wanted := p.PatchVersions[wantMinor]
	if wanted == "" {
		wanted = wantMinor + ".0"
	}
	replicas := nestedInt(t.spec, 2, "controlPlane", "replicas")
	kcp, err := t.ensure(p.KamajiCPGVR, t.newObjSpec(p.KamajiCPGVR, t.rel, cluster, nil, obj{
		"replicas": replicas, "version": wanted, "dataStoreName": "default",
		"addons":    obj{"coreDNS": obj{}, "konnectivity": obj{}, "kubeProxy": obj{}},
		"apiServer": obj{"resources": componentResources(t.spec, "controlPlane", "apiServer")},
	}))
	if err != nil {
		return cpState{}, err
	}
	if nestedInt(kcp.Object, -1, "spec", "replicas") != replicas || nestedString(kcp.Object, "spec", "version") != wanted {
		spec := kcp.Object["spec"].(obj)
		spec["replicas"], spec["version"] = replicas, wanted
		if kcp, err = s.Dyn.Resource(p.KamajiCPGVR).Namespace(t.ns).Update(t.ctx, kcp, metav1.UpdateOptions{}); err != nil {
			return cpState{}, err
		}
	}
	tcp, err := t.ensure(p.TenantCPGVR, t.newObjSpec(p.TenantCPGVR, t.rel, kcp, nil, obj{
		"controlPlane": obj{
			"deployment": obj{"replicas": replicas, "resources": obj{
				"apiServer":         componentResources(t.spec, "controlPlane", "apiServer"),
				"controllerManager": componentResources(t.spec, "controlPlane", "controllerManager"),
				"scheduler":         componentResources(t.spec, "controlPlane", "scheduler"),
			}},
			"service": obj{"serviceType": "ClusterIP"},
		},
		"kubernetes": obj{"version": wanted, "kubelet": obj{"cgroupfs": "systemd"}},
		"addons":     obj{"coreDNS": obj{}, "konnectivity": obj{"server": obj{"resources": componentResources(t.spec, "controlPlane", "konnectivity", "server")}}},
	}))
	if err != nil {
		return cpState{}, err
	}
	failed := t.app.GetAnnotations()[AnnFailCP] == "true"
	st := cpState{tcp: tcp, running: nestedString(tcp.Object, "status", "kubernetesResources", "version", "version")}
	prevStatus := nestedString(tcp.Object, "status", "kubernetesResources", "version", "status")
	status := "Provisioning"
	switch {
	case failed:
		if t.age >= 2*tControlPlane {
			status = "NotReady"
			t.problems = append(t.problems, "TenantControlPlane "+t.rel+" is not ready: kube-apiserver is in CrashLoopBackOff (etcd datastore \"default\" unreachable)")
		} else {
			t.pending = true
		}
	case !t.wait(t.age >= tControlPlane):
	case st.running == "" || (st.running == wanted && prevStatus != "Upgrading"):
		st.running, status, st.ready = wanted, "Ready", true
	case st.running != wanted || prevStatus == "Upgrading":
		started, perr := time.Parse(time.RFC3339Nano, tcp.GetAnnotations()[annUpgradeStarted])
		if perr != nil {
			started = t.now
			patch := fmt.Sprintf(`{"metadata":{"annotations":{%q:%q}}}`, annUpgradeStarted, started.UTC().Format(time.RFC3339Nano))
			if tcp, err = s.Dyn.Resource(p.TenantCPGVR).Namespace(t.ns).Patch(t.ctx, t.rel, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
				return cpState{}, err
			}
			st.tcp = tcp
			s.event(t.ctx, tcp, false, "Upgrading", "Upgrading control plane from "+st.running+" to "+wanted, "kamaji")
		}
		if t.wait(s.since(t.app, started) >= tUpgrade) {
			s.event(t.ctx, tcp, false, "Upgraded", "Control plane is running "+wanted, "kamaji")
			st.running, status, st.ready = wanted, "Ready", true
			patch := fmt.Sprintf(`{"metadata":{"annotations":{%q:null}}}`, annUpgradeStarted)
			if tcp, err = s.Dyn.Resource(p.TenantCPGVR).Namespace(t.ns).Patch(t.ctx, t.rel, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
				return cpState{}, err
			}
			st.tcp = tcp
		} else {
			// The old version keeps serving while the new one rolls out.
			status, st.ready = "Upgrading", true
		}
	}
	if prevStatus != status {
		switch status {
		case "Ready":
			s.event(t.ctx, tcp, false, "Ready", "TenantControlPlane is ready, running "+st.running, "kamaji")
		case "NotReady":
			s.event(t.ctx, tcp, true, "Unhealthy", "kube-apiserver is in CrashLoopBackOff: etcd datastore \"default\" unreachable", "kamaji")
		case "Provisioning":
			s.event(t.ctx, tcp, false, "Provisioning", "Provisioning control plane "+wanted, "kamaji")
		}
	}
	host := nestedString(t.spec, "host")
	if host == "" {
		host = t.name + "." + strings.TrimPrefix(t.ns, "tenant-") + ".sandbox.invalid"
	}
	st.endpoint = host + ":443"
	// A cluster with a real API server keeps the endpoint kubeconfigSecret wrote.
	if cur := nestedString(tcp.Object, "status", "controlPlaneEndpoint"); strings.HasPrefix(cur, "127.0.0.1:") {
		st.endpoint = cur
	}
	tcpStatus := obj{
		"kubernetesResources": obj{"version": obj{"version": st.running, "status": status}},
		"storage":             obj{"driver": "etcd", "dataStoreName": "default"},
	}
	if st.ready {
		tcpStatus["controlPlaneEndpoint"] = st.endpoint
	}
	if err := s.setStatus(t.ctx, p.TenantCPGVR, st.tcp, tcpStatus); err != nil {
		return st, err
	}
	ready := int64(0)
	if st.ready {
		ready = replicas
	}
	return st, s.setStatus(t.ctx, p.KamajiCPGVR, kcp, obj{
		"ready": st.ready, "initialized": st.ready, "replicas": replicas, "readyReplicas": ready,
		"updatedReplicas": ready, "version": st.running, "externalManagedControlPlane": true,
		"conditions": []any{condition(kcp, "Ready", st.ready, reasonIf(st.ready, "Ready", "TenantControlPlaneNotReady"), "", t.now)},
	})
}

type groupsState struct {
	ready bool     // every machine of every group is Running
	nodes []string // Running machines (their Node names)
}

// hasNodeGroups: the release's chart still renders spec.nodeGroups (today's
// shape); the next release's ignores them (its workers are node pools).
func (s *Simulator) hasNodeGroups() bool {
	props, _ := s.schemaOf("Kubernetes")["properties"].(obj)
	_, ok := props["nodeGroups"]
	return ok || props == nil
}

func (t *tree) nodeGroups(cluster *unstructured.Unstructured, cp cpState) (groupsState, error) {
	s := t.s
	st := groupsState{ready: true}
	ngs, _ := t.spec["nodeGroups"].(obj)
	if !s.hasNodeGroups() {
		// The upgrade to the next release turned each group into a pool of the
		// same name, whose MachineDeployment it adopts: no VM is recreated.
		return st, t.migrateNodeGroups(ngs)
	}
	names := make([]string, 0, len(ngs))
	for n := range ngs {
		names = append(names, n)
	}
	sort.Strings(names)
	version := cp.running
	if version == "" {
		version = p.PatchVersions[nestedString(t.spec, "version")]
	}
	for _, g := range names {
		ng, _ := ngs[g].(obj)
		gs, err := t.workerGroup(cluster, g, ng, version, cp)
		if err != nil {
			return st, err
		}
		st.nodes = append(st.nodes, gs.nodes...)
		if !gs.ready {
			st.ready = false
		}
	}
	// Node groups removed from the spec: their MachineDeployments go, machines
	// and VMs follow by ownerReference; DataVolumes have no owner and are
	// removed here. A node pool's MachineDeployment is its pool's.
	mds, err := s.listers[p.MachineDeploymentGVR].ByNamespace(t.ns).List(labels.SelectorFromSet(labels.Set{p.LabelClusterName: t.rel}))
	if err != nil {
		return st, err
	}
	for _, o := range mds {
		md := o.(*unstructured.Unstructured)
		g := strings.TrimPrefix(md.GetName(), t.rel+"-")
		if _, ok := ngs[g]; ok || md.GetDeletionTimestamp() != nil || md.GetLabels()[p.LabelAppKind] == "KubernetesNodes" {
			continue
		}
		t.pending = true
		s.event(t.ctx, t.app, false, "NodeGroupRemoved", "Removing node group "+g, "cluster-api")
		if err := s.delete(t.ctx, p.MachineDeploymentGVR, t.ns, md.GetName()); err != nil {
			return st, err
		}
		if err := s.deleteByLabel(t.ctx, p.DataVolumeGVR, t.ns, labels.Set{p.LabelDeployment: md.GetName()}); err != nil {
			return st, err
		}
	}
	return st, nil
}

// migrateNodeGroups makes a KubernetesNodes app <cluster>-<group> for each
// node group that has none, with the group's parameters.
func (t *tree) migrateNodeGroups(ngs obj) error {
	for g, v := range ngs {
		name := t.name + "-" + g
		if t.s.get(p.HelmReleaseGVR, t.ns, p.NodesReleasePrefix+name) != nil {
			continue
		}
		ng, _ := v.(obj)
		spec := obj{"cluster": t.name, "version": nestedString(t.spec, "version"), "storageClass": nestedString(t.spec, "storageClass")}
		for k, val := range ng {
			spec[k] = val
		}
		pool := p.New(p.KindOf(p.KubernetesNodesGVR), t.ns, name)
		pool.Object["spec"] = spec
		if _, err := t.s.Dyn.Resource(p.KubernetesNodesGVR).Namespace(t.ns).Create(t.ctx, pool, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
		t.s.event(t.ctx, t.app, false, "NodeGroupMigrated", "Node group "+g+" is now the node pool "+name, "cozystack-controller")
	}
	return nil
}

// workerGroup is one group of workers: a node group (owner: the Cluster) or a
// node pool (owner: the pool's release), named kubernetes-<cluster>-<group>.
func (t *tree) workerGroup(owner *unstructured.Unstructured, g string, ng obj, version string, cp cpState) (groupsState, error) {
	s := t.s
	st := groupsState{ready: true}
	mdName := t.rel + "-" + g
	minR, maxR := nestedInt(ng, 0, "minReplicas"), nestedInt(ng, 10, "maxReplicas")
	itype := nestedString(ng, "instanceType")
	kmtName := mdName + "-" + shortHash(itype, p.JSON(ng["resources"]), p.JSON(ng["gpus"]), fmt.Sprint(ng["diskSize"]))
	gl := map[string]string{p.LabelDeployment: mdName}
	if _, err := t.ensure(p.KubevirtMTGVR, t.newObjSpec(p.KubevirtMTGVR, kmtName, owner, gl, obj{"template": obj{"spec": obj{
		"virtualMachineTemplate": obj{"spec": obj{"instancetype": obj{"kind": "VirtualMachineClusterInstancetype", "name": itype},
			"runStrategy": "Always", "template": obj{"spec": obj{"domain": obj{"devices": obj{"gpus": ng["gpus"]}}}}}},
		"virtualMachineBootstrapCheck": obj{"checkStrategy": "ssh"}}}})); err != nil {
		return st, err
	}
	if _, err := t.ensure(p.KubeadmCTGVR, t.newObjSpec(p.KubeadmCTGVR, mdName, owner, gl, obj{"template": obj{"spec": obj{
		"joinConfiguration": obj{"nodeRegistration": obj{"kubeletExtraArgs": obj{"node-labels": nodeRoleLabels(ng)}}}}}})); err != nil {
		return st, err
	}
	mdWant := t.newObjSpec(p.MachineDeploymentGVR, mdName, owner, gl, obj{
		"clusterName": t.rel, "replicas": minR,
		"selector": obj{"matchLabels": obj{p.LabelDeployment: mdName}},
		"template": obj{"metadata": obj{"labels": obj{p.LabelDeployment: mdName, p.LabelClusterName: t.rel}}, "spec": obj{
			"clusterName": t.rel, "version": version,
			"bootstrap":         obj{"configRef": obj{"apiVersion": p.APIVersion(p.KubeadmCTGVR), "kind": "KubeadmConfigTemplate", "name": mdName}},
			"infrastructureRef": obj{"apiVersion": p.APIVersion(p.KubevirtMTGVR), "kind": "KubevirtMachineTemplate", "name": kmtName},
		}},
	})
	mdWant.SetAnnotations(map[string]string{p.AnnMinSize: fmt.Sprint(minR), p.AnnMaxSize: fmt.Sprint(maxR)})
	md, err := t.ensure(p.MachineDeploymentGVR, mdWant)
	if err != nil {
		return st, err
	}
	// The autoscaler keeps replicas within [min, max]; inside, a manual scale holds.
	replicas := nestedInt(md.Object, minR, "spec", "replicas")
	if replicas < minR {
		replicas = minR
	}
	if replicas > maxR {
		replicas = maxR
	}
	ann := md.GetAnnotations()
	if replicas != nestedInt(md.Object, -1, "spec", "replicas") || ann[p.AnnMinSize] != fmt.Sprint(minR) ||
		ann[p.AnnMaxSize] != fmt.Sprint(maxR) || nestedString(md.Object, "spec", "template", "spec", "infrastructureRef", "name") != kmtName {
		if ann == nil {
			ann = map[string]string{}
		}
		ann[p.AnnMinSize], ann[p.AnnMaxSize] = fmt.Sprint(minR), fmt.Sprint(maxR)
		md.SetAnnotations(ann)
		spec := md.Object["spec"].(obj)
		spec["replicas"] = replicas
		_ = unstructured.SetNestedField(spec, kmtName, "template", "spec", "infrastructureRef", "name")
		if md, err = s.Dyn.Resource(p.MachineDeploymentGVR).Namespace(t.ns).Update(t.ctx, md, metav1.UpdateOptions{}); err != nil {
			return st, err
		}
	}
	if _, err := t.ensure(p.MachineHealthGVR, t.newObjSpec(p.MachineHealthGVR, mdName, owner, gl, obj{
		"clusterName": t.rel, "maxUnhealthy": "100%", "nodeStartupTimeout": "10m",
		"selector":            obj{"matchLabels": obj{p.LabelDeployment: mdName}},
		"unhealthyConditions": []any{obj{"type": "Ready", "status": "False", "timeout": "300s"}},
	})); err != nil {
		return st, err
	}
	return t.machines(md, g, kmtName, itype, replicas, cp, version)
}

func nodeRoleLabels(ng obj) string {
	roles, _ := ng["roles"].([]any)
	var out []string
	for _, r := range roles {
		out = append(out, "node-role.kubernetes.io/"+fmt.Sprint(r)+"=")
	}
	return strings.Join(out, ",")
}

var nameChars = []rune("bcdfghjklmnpqrstvwxz2456789")

func randSuffix(n int) string {
	b := make([]rune, n)
	for i := range b {
		b[i] = nameChars[rand.Intn(len(nameChars))]
	}
	return string(b)
}

func (t *tree) machines(md *unstructured.Unstructured, group, kmtName, itype string, replicas int64, cp cpState, version string) (groupsState, error) {
	s := t.s
	st := groupsState{ready: true}
	objs, err := s.listers[p.MachineGVR].ByNamespace(t.ns).List(labels.SelectorFromSet(labels.Set{p.LabelDeployment: md.GetName()}))
	if err != nil {
		return st, err
	}
	var live []*unstructured.Unstructured
	for _, o := range objs {
		m := o.(*unstructured.Unstructured)
		if m.GetDeletionTimestamp() == nil {
			live = append(live, m.DeepCopy())
		}
	}
	sort.Slice(live, func(i, j int) bool {
		ti, tj := live[i].GetCreationTimestamp().Time, live[j].GetCreationTimestamp().Time
		return ti.Before(tj) || (ti.Equal(tj) && live[i].GetName() < live[j].GetName())
	})
	// addMachine creates one Machine of the deployment at the wanted version.
	confirmed := false
	addMachine := func(why string) error {
		// Machines have random names, so creating one the cache has not seen
		// yet does not fail: it makes one too many. Before the first, count
		// them on the server (the cache lags it after a bulk clone writes
		// whole trees at once); if it has more, retry once the cache has
		// caught up, as a conflict (requeued quietly, with backoff).
		if !confirmed {
			onServer, err := s.Dyn.Resource(p.MachineGVR).Namespace(t.ns).List(t.ctx, metav1.ListOptions{
				LabelSelector: labels.SelectorFromSet(labels.Set{p.LabelDeployment: md.GetName()}).String()})
			if err != nil {
				return err
			}
			n := 0
			for i := range onServer.Items {
				if onServer.Items[i].GetDeletionTimestamp() == nil {
					n++
				}
			}
			if n > len(live) {
				return apierrors.NewConflict(p.MachineGVR.GroupResource(), md.GetName(),
					fmt.Errorf("the cache has %d machines, the server %d", len(live), n))
			}
			confirmed = true
		}
		name := md.GetName() + "-" + randSuffix(5)
		m := t.newObjSpec(p.MachineGVR, name, md, map[string]string{p.LabelDeployment: md.GetName()}, obj{
			"clusterName": t.rel, "version": version,
			"bootstrap":         obj{"configRef": obj{"apiVersion": p.APIVersion(p.KubeadmCTGVR), "kind": "KubeadmConfig", "name": name}},
			"infrastructureRef": obj{"apiVersion": p.APIVersion(p.KubevirtMTGVR), "kind": "KubevirtMachine", "name": name},
		})
		created, err := s.Dyn.Resource(p.MachineGVR).Namespace(t.ns).Create(t.ctx, m, metav1.CreateOptions{})
		if err != nil {
			return err
		}
		s.event(t.ctx, md, false, "SuccessfulCreate", "Created machine "+name+why, "machinedeployment-controller")
		live = append(live, created)
		t.pending = true
		return nil
	}
	// Workers join only once the control plane serves.
	if cp.ready {
		for int64(len(live)) < replicas {
			if err := addMachine(""); err != nil {
				return st, err
			}
		}
	}
	// Rolling update (Cluster API's RollingUpdate, maxSurge 1, maxUnavailable 0):
	// machines of another version are replaced one at a time. With every
	// machine up, one new machine is added; once it runs, one old one goes.
	outdated := func(m *unstructured.Unstructured) bool {
		v, _, _ := unstructured.NestedString(m.Object, "spec", "version")
		return v != version
	}
	allUp := true
	var old []*unstructured.Unstructured
	for _, m := range live {
		if t.ageOf(m) < tMachineRunning {
			allUp = false
		}
		if outdated(m) {
			old = append(old, m)
		}
	}
	if cp.ready && len(old) > 0 && allUp && int64(len(live)) == replicas {
		if err := addMachine(" (rolling update to " + version + ")"); err != nil {
			return st, err
		}
		allUp = false
	}
	// Scale down: an outdated machine first, once the others are up (the
	// rolling update's second half); otherwise the newest machines go first.
	for int64(len(live)) > replicas {
		victim := len(live) - 1
		if len(old) > 0 {
			if !allUp {
				t.pending = true
				break // the surge machine is not up yet: keep the old one serving
			}
			for i, m := range live {
				if m.GetName() == old[0].GetName() {
					victim = i
				}
			}
			old = old[1:]
		}
		m := live[victim]
		live = append(live[:victim], live[victim+1:]...)
		t.pending = true
		s.event(t.ctx, md, false, "SuccessfulDelete", "Deleted machine "+m.GetName(), "machinedeployment-controller")
		if err := s.delete(t.ctx, p.MachineGVR, t.ns, m.GetName()); err != nil {
			return st, err
		}
		if err := s.delete(t.ctx, p.DataVolumeGVR, t.ns, m.GetName()+"-boot"); err != nil {
			return st, err
		}
	}
	failing := listAnn(t.app, AnnFailMachines, group)
	var running, failed int64
	for _, m := range live {
		age := t.ageOf(m)
		phase := "Pending"
		mstatus := obj{"bootstrapReady": false, "infrastructureReady": false, "observedGeneration": m.GetGeneration()}
		switch {
		case age < tMachinePending:
			t.pending = true
		case failing && age >= tMachineFail:
			phase = "Failed"
			mstatus["failureReason"] = "CreateError"
			mstatus["failureMessage"] = "VirtualMachine " + m.GetName() + " cannot be scheduled: 0/3 nodes are available: 3 Insufficient memory (instance type " + itype + ")"
			failed++
		case !failing && age >= tMachineRunning:
			phase = "Running"
			mstatus["nodeRef"] = obj{"apiVersion": "v1", "kind": "Node", "name": m.GetName()}
			mstatus["bootstrapReady"], mstatus["infrastructureReady"] = true, true
			mstatus["addresses"] = []any{obj{"type": "InternalIP", "address": fakeIP(m.GetName())}}
			mstatus["nodeInfo"] = obj{"kubeletVersion": version, "osImage": "Ubuntu 24.04 LTS", "architecture": "amd64"}
			running++
			st.nodes = append(st.nodes, m.GetName())
		default:
			phase = "Provisioning"
			mstatus["bootstrapReady"] = true
			t.pending = true
		}
		mstatus["phase"] = phase
		prev := nestedString(m.Object, "status", "phase")
		if prev != phase {
			switch phase {
			case "Running":
				s.event(t.ctx, m, false, "NodeJoined", "Node "+m.GetName()+" joined the cluster", "machine-controller")
			case "Failed":
				s.event(t.ctx, m, true, "FailedCreate", nestedString(mstatus, "failureMessage"), "kubevirt-machine-controller")
			case "Provisioning":
				s.event(t.ctx, m, false, "Provisioning", "Creating VirtualMachine "+m.GetName(), "kubevirt-machine-controller")
			}
		}
		if err := s.setStatus(t.ctx, p.MachineGVR, m, mstatus); err != nil {
			return st, err
		}
		if phase != "Pending" {
			if err := t.vm(m, age, failing, itype); err != nil {
				return st, err
			}
		}
	}
	n := int64(len(live))
	mdPhase := "Running"
	switch {
	case failed > 0:
		mdPhase = "Failed"
		t.problems = append(t.problems, fmt.Sprintf("MachineDeployment %s: %d of %d machines failed", md.GetName(), failed, n))
	case running < replicas:
		mdPhase = "ScalingUp"
	case n > replicas:
		mdPhase = "ScalingDown"
	}
	if !failing && running < replicas {
		st.ready = false
	}
	if err := s.setStatus(t.ctx, p.MachineDeploymentGVR, md, obj{
		"phase": mdPhase, "replicas": n, "readyReplicas": running, "availableReplicas": running,
		"updatedReplicas": n, "unavailableReplicas": n - running, "observedGeneration": md.GetGeneration(),
		"selector": p.LabelDeployment + "=" + md.GetName(),
	}); err != nil {
		return st, err
	}
	if mhc := s.get(p.MachineHealthGVR, t.ns, md.GetName()); mhc != nil {
		if err := s.setStatus(t.ctx, p.MachineHealthGVR, mhc, obj{"expectedMachines": n, "currentHealthy": running,
			"remediationsAllowed": n - running, "observedGeneration": mhc.GetGeneration(),
			"conditions": []any{condition(mhc, "RemediationAllowed", true, "", "", t.now)}}); err != nil {
			return st, err
		}
	}
	return st, nil
}

func fakeIP(name string) string {
	h := shortHash(name)
	var a, b byte
	fmt.Sscanf(h[:4], "%02x%02x", &a, &b)
	return fmt.Sprintf("10.244.%d.%d", a, b%250+2)
}

func (t *tree) vm(m *unstructured.Unstructured, age float64, failing bool, itype string) error {
	s := t.s
	vm, err := t.ensure(p.VirtualMachineGVR, t.newObjSpec(p.VirtualMachineGVR, m.GetName(), m,
		map[string]string{p.LabelDeployment: m.GetLabels()[p.LabelDeployment]}, obj{
			"runStrategy":         "Always",
			"instancetype":        obj{"kind": "VirtualMachineClusterInstancetype", "name": itype},
			"dataVolumeTemplates": []any{obj{"metadata": obj{"name": m.GetName() + "-boot"}}},
		}))
	if err != nil {
		return err
	}
	// DataVolumes carry the cluster label but no owner: that is how they can
	// outlive the cluster (the known failure mode the dashboard must show).
	dvObj := t.newObjSpec(p.DataVolumeGVR, m.GetName()+"-boot", nil,
		map[string]string{p.LabelDeployment: m.GetLabels()[p.LabelDeployment]}, obj{
			"source":  obj{"registry": obj{"url": "docker://ghcr.io/cozystack/cozystack/ubuntu-container-disk:v1.33"}},
			"storage": obj{"resources": obj{"requests": obj{"storage": "20Gi"}}, "storageClassName": nestedString(t.spec, "storageClass")},
		})
	dv, err := t.ensure(p.DataVolumeGVR, dvObj)
	if err != nil {
		return err
	}
	dvPhase, progress := "Succeeded", "100.0%"
	if age < tVMRunning-1 {
		dvPhase, progress = "ImportInProgress", fmt.Sprintf("%.1f%%", 100*age/(tVMRunning-1))
	}
	if err := s.setStatus(t.ctx, p.DataVolumeGVR, dv, obj{"phase": dvPhase, "progress": progress}); err != nil {
		return err
	}
	printable, ready := "Provisioning", false
	switch {
	case failing && age >= tMachineFail:
		printable = "ErrorUnschedulable"
	case age >= tVMRunning:
		printable, ready = "Running", true
	case age >= tVMRunning-1:
		printable = "Starting"
	}
	return s.setStatus(t.ctx, p.VirtualMachineGVR, vm, obj{"printableStatus": printable, "ready": ready, "created": true,
		"conditions": []any{condition(vm, "Ready", ready, reasonIf(ready, "", printable), "", t.now)}})
}

func (t *tree) addons(hr *unstructured.Unstructured, cpReady bool) (bool, error) {
	s := t.s
	all := true
	addons, _ := t.spec["addons"].(obj)
	for _, a := range p.Addons {
		spec, _ := addons[a.Key].(obj)
		enabled := a.AlwaysOn || nestedBool(spec, "enabled")
		name := t.rel + "-" + a.Release
		if !enabled {
			if cur := s.get(p.HelmReleaseGVR, t.ns, name); cur != nil && cur.GetDeletionTimestamp() == nil {
				s.event(t.ctx, t.app, false, "AddonRemoved", "Removing addon "+a.Release, "helm-controller")
				if err := s.delete(t.ctx, p.HelmReleaseGVR, t.ns, name); err != nil {
					return false, err
				}
			}
			continue
		}
		if !cpReady {
			all = false
			continue
		}
		values, _ := spec["valuesOverride"].(obj)
		if values == nil {
			values = obj{}
		}
		ahr, err := t.ensure(p.HelmReleaseGVR, t.newObjSpec(p.HelmReleaseGVR, name, hr,
			map[string]string{p.LabelTargetCluster: t.rel}, obj{
				"chart":    obj{"spec": obj{"chart": "cozy-" + a.Release, "sourceRef": obj{"kind": "HelmRepository", "name": "cozystack-system", "namespace": "cozy-system"}}},
				"interval": "5m", "releaseName": a.Release, "targetNamespace": "cozy-" + a.Release,
				"kubeConfig":       obj{"secretRef": obj{"name": t.rel + "-admin-kubeconfig", "key": "super-admin.svc"}},
				"values":           values,
				"storageNamespace": "cozy-" + a.Release,
			}))
		if err != nil {
			return false, err
		}
		// Flux's own finalizer, held until helm-controller has uninstalled the
		// release from the tenant cluster; with the injection it never can.
		if t.app.GetAnnotations()[AnnStuckFinalizer] == "true" {
			if err := s.addFinalizerNamed(t.ctx, p.HelmReleaseGVR, ahr, fluxFinalizer); err != nil {
				return false, err
			}
		}
		age := t.ageOf(ahr)
		failing := listAnn(t.app, AnnFailAddon, a.Release)
		var ready obj
		switch {
		case age < tAddonReady:
			ready = obj{"type": "Ready", "status": "Unknown", "reason": "Progressing", "message": "Reconciliation in progress",
				"lastTransitionTime": t.now.UTC().Format(time.RFC3339)}
			if prev := readyCondition(ahr); prev != nil && prev["status"] == "Unknown" {
				ready = prev
			}
			all = false
			t.pending = true
		case failing:
			msg := "Helm install failed for release cozy-" + a.Release + "/" + a.Release + " with chart cozy-" + a.Release + ": context deadline exceeded"
			ready = condition(ahr, "Ready", false, "InstallFailed", msg, t.now)
			t.problems = append(t.problems, "addon "+a.Release+" failed to install")
			if condStatus(ahr, "Ready") != "False" {
				s.event(t.ctx, ahr, true, "InstallFailed", msg, "helm-controller")
			}
		default:
			ready = condition(ahr, "Ready", true, "InstallSucceeded", "Helm install succeeded for release cozy-"+a.Release+"/"+a.Release, t.now)
			if condStatus(ahr, "Ready") != "True" {
				s.event(t.ctx, ahr, false, "InstallSucceeded", "Helm install succeeded for release cozy-"+a.Release+"/"+a.Release, "helm-controller")
			}
		}
		if err := s.setStatus(t.ctx, p.HelmReleaseGVR, ahr, obj{"conditions": []any{ready},
			"lastAttemptedRevision": "1.0.0", "observedGeneration": ahr.GetGeneration()}); err != nil {
			return false, err
		}
	}
	return all, nil
}

func readyCondition(u *unstructured.Unstructured) obj {
	conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
	for _, c := range conds {
		if cm, ok := c.(obj); ok && cm["type"] == "Ready" {
			return cm
		}
	}
	return nil
}

func (t *tree) writeAppStatus(hr *unstructured.Unstructured, released, ready bool, reason, msg string, workloads bool) error {
	s := t.s
	relCond := condition(hr, "Released", released, reasonIf(released, "InstallSucceeded", "Progressing"),
		reasonIf(released, "Helm install succeeded for release "+t.ns+"/"+t.rel+" with chart kubernetes@"+chartVersion, "Reconciliation in progress"), t.now)
	readyCond := condition(hr, "Ready", ready, reason, msg, t.now)
	if !ready && len(t.problems) == 0 {
		readyCond["status"] = "Unknown"
	}
	if condStatus(hr, "Ready") != readyCond["status"] {
		switch {
		case ready:
			s.event(t.ctx, hr, false, "InstallSucceeded", msg, "helm-controller")
		case len(t.problems) > 0:
			s.event(t.ctx, hr, true, "InstallFailed", msg, "helm-controller")
		}
	}
	sum := shortHash(p.JSON(t.spec))
	action, history := releaseHistory(hr, sum, released, t.rel, t.ns)
	status := obj{
		"conditions":                  []any{readyCond, relCond},
		"lastAttemptedValuesChecksum": sum, "observedGeneration": hr.GetGeneration(),
		"lastAttemptedReleaseAction": action,
		"history":                    history,
	}
	if released {
		status["lastAttemptedRevision"] = chartVersion
	}
	if err := s.setStatus(t.ctx, p.HelmReleaseGVR, hr, status); err != nil {
		return err
	}
	// The chart's WorkloadMonitor: whether the cluster's workloads (its
	// workers) run, which the application shows as WorkloadsReady.
	return s.workloadMonitor(t.ctx, t.app, t.rel, workloads)
}

// releaseHistory is what helm-controller records of a release's actions:
// "install" until the values change after it, then "upgrade", each upgrade a
// new snapshot on top of the history (newest first, five kept), the older
// ones superseded. Clients tell a cluster that served before (a scale, a
// start after stop) from its first provisioning by it, as on the platform.
func releaseHistory(hr *unstructured.Unstructured, sum string, released bool, rel, ns string) (string, []any) {
	prevSum := nestedString(hr.Object, "status", "lastAttemptedValuesChecksum")
	action := nestedString(hr.Object, "status", "lastAttemptedReleaseAction")
	prev, _, _ := unstructured.NestedSlice(hr.Object, "status", "history")
	if action == "" || len(prev) == 0 {
		return "install", []any{obj{"chartName": "kubernetes", "chartVersion": chartVersion, "version": int64(1),
			"status": reasonIf(released, "deployed", "pending-install"), "name": rel, "namespace": ns}}
	}
	top, _ := prev[0].(obj)
	if prevSum == sum || prevSum == "" || top == nil {
		// The same values: the newest snapshot's status follows the release.
		if top != nil && top["status"] == "pending-install" && released {
			top["status"] = "deployed"
		}
		return action, prev
	}
	version, _, _ := unstructured.NestedInt64(top, "version")
	history := []any{obj{"chartName": "kubernetes", "chartVersion": chartVersion, "version": version + 1,
		"status": "deployed", "name": rel, "namespace": ns}}
	for _, h := range prev {
		if m, ok := h.(obj); ok && len(history) < 5 {
			m["status"] = "superseded"
			history = append(history, m)
		}
	}
	return "upgrade", history
}

// workloadMonitor writes the WorkloadMonitor of an application.
func (s *Simulator) workloadMonitor(ctx context.Context, app *unstructured.Unstructured, name string, operational bool) error {
	want := p.New(p.KindOf(p.WorkloadMonitorGVR), app.GetNamespace(), name)
	want.SetLabels(map[string]string{p.LabelAppKind: app.GetKind(), p.LabelAppGroup: "apps.cozystack.io", p.LabelAppName: app.GetName()})
	want.Object["spec"] = obj{"selector": obj{p.LabelAppName: app.GetName()}, "kind": app.GetKind()}
	wm, _, err := s.ensure(ctx, p.WorkloadMonitorGVR, want)
	if err != nil {
		return err
	}
	return s.setStatus(ctx, p.WorkloadMonitorGVR, wm, obj{"operational": operational})
}

func (s *Simulator) deleteByLabel(ctx context.Context, g schema.GroupVersionResource, ns string, set labels.Set) error {
	objs, err := s.listers[g].ByNamespace(ns).List(labels.SelectorFromSet(set))
	if err != nil {
		return err
	}
	for _, o := range objs {
		if err := s.delete(ctx, g, ns, o.(*unstructured.Unstructured).GetName()); err != nil {
			return err
		}
	}
	return nil
}

func (s *Simulator) countByLabel(g schema.GroupVersionResource, ns string, set labels.Set) int {
	objs, _ := s.listers[g].ByNamespace(ns).List(labels.SelectorFromSet(set))
	return len(objs)
}

// cleanup is the platform's deletion order: addon HelmReleases, then the
// control plane, then the Cluster (and with it node groups, machines, VMs),
// DataVolumes and LoadBalancer Services by cluster label, then the release.
func (s *Simulator) cleanup(ctx context.Context, app, hr *unstructured.Unstructured) (time.Duration, error) {
	ns, name := app.GetNamespace(), app.GetName()
	rel := hr.GetName()
	elapsed := s.since(app, app.GetDeletionTimestamp().Time)
	step := s.after(app, requeue)
	sel := labels.Set{p.LabelClusterName: rel}
	if cl := s.get(p.ClusterGVR, ns, rel); cl != nil && nestedString(cl.Object, "status", "phase") != "Deleting" {
		st, _ := cl.Object["status"].(obj)
		if st == nil {
			st = obj{}
		}
		st = runtime.DeepCopyJSON(st)
		st["phase"] = "Deleting"
		if err := s.setStatus(ctx, p.ClusterGVR, cl, st); err != nil {
			return 0, err
		}
		s.event(ctx, app, false, "Deleting", "Deleting cluster: removing addons", "cozystack-controller")
	}
	addonSel := labels.Set{p.LabelTargetCluster: rel}
	if n := s.countByLabel(p.HelmReleaseGVR, ns, addonSel); n > 0 {
		if err := s.deleteByLabel(ctx, p.HelmReleaseGVR, ns, addonSel); err != nil {
			return 0, err
		}
		return step, s.uninstallFails(ctx, ns, addonSel)
	}
	if elapsed < tDeleteStep {
		return step, nil
	}
	if s.get(p.KamajiCPGVR, ns, rel) != nil || s.get(p.TenantCPGVR, ns, rel) != nil {
		if s.Tenants != nil {
			s.Tenants.Remove(ns, name)
		}
		if err := s.delete(ctx, p.KamajiCPGVR, ns, rel); err != nil {
			return 0, err
		}
		s.event(ctx, app, false, "Deleting", "Deleting cluster: removing control plane", "cozystack-controller")
		return step, s.delete(ctx, p.TenantCPGVR, ns, rel)
	}
	if elapsed < 2*tDeleteStep {
		return step, nil
	}
	if s.get(p.ClusterGVR, ns, rel) != nil {
		s.event(ctx, app, false, "Deleting", "Deleting cluster: removing machines and volumes", "cozystack-controller")
		if err := s.delete(ctx, p.ClusterGVR, ns, rel); err != nil {
			return 0, err
		}
		if app.GetAnnotations()[AnnLingerDV] != "true" {
			if err := s.deleteByLabel(ctx, p.DataVolumeGVR, ns, sel); err != nil {
				return 0, err
			}
		}
		svcs, err := s.Kube.CoreV1().Services(ns).List(ctx, metav1.ListOptions{LabelSelector: sel.String()})
		if err != nil {
			return 0, err
		}
		for _, svc := range svcs.Items {
			if svc.Spec.Type == corev1.ServiceTypeLoadBalancer {
				if err := s.Kube.CoreV1().Services(ns).Delete(ctx, svc.Name, metav1.DeleteOptions{}); err != nil && !apierrors.IsNotFound(err) {
					return 0, err
				}
			}
		}
		return step, nil
	}
	if elapsed < 3*tDeleteStep {
		return step, nil
	}
	if err := s.delete(ctx, p.WorkloadMonitorGVR, ns, rel); err != nil {
		return 0, err
	}
	if left := s.countByLabel(p.DataVolumeGVR, ns, sel); left > 0 {
		s.event(ctx, app, true, "CleanupIncomplete", fmt.Sprintf("%d DataVolumes labelled %s=%s were left behind", left, p.LabelClusterName, rel), "cozystack-controller")
	}
	return 0, s.removeFinalizer(ctx, p.HelmReleaseGVR, hr)
}

// uninstallFails plays helm-controller failing to uninstall addon releases
// whose finalizer it holds (the tenant cluster is already unreachable): one
// Warning per release; the finalizer stays, so the deletion never finishes.
func (s *Simulator) uninstallFails(ctx context.Context, ns string, sel labels.Set) error {
	objs, err := s.listers[p.HelmReleaseGVR].ByNamespace(ns).List(labels.SelectorFromSet(sel))
	if err != nil {
		return err
	}
	for _, o := range objs {
		hr := o.(*unstructured.Unstructured)
		held := false
		for _, f := range hr.GetFinalizers() {
			held = held || f == fluxFinalizer
		}
		if hr.GetDeletionTimestamp() == nil || !held || hr.GetAnnotations()[annUninstallFailed] != "" {
			continue
		}
		rel, _, _ := unstructured.NestedString(hr.Object, "spec", "releaseName")
		target, _, _ := unstructured.NestedString(hr.Object, "spec", "targetNamespace")
		s.record(ctx, hr, true, "UninstallFailed", "Helm uninstall failed for release "+target+"/"+rel+
			": Kubernetes cluster unreachable: Get \"https://"+hr.GetLabels()[p.LabelTargetCluster]+"."+ns+".svc:443/version\": dial tcp: i/o timeout", "helm-controller")
		patch := fmt.Sprintf(`{"metadata":{"annotations":{%q:"true"}}}`, annUninstallFailed)
		if _, err := s.Dyn.Resource(p.HelmReleaseGVR).Namespace(ns).Patch(ctx, hr.GetName(), types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil && !apierrors.IsNotFound(err) {
			return err
		}
	}
	return nil
}
