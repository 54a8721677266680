package simulator

import (
	"context"
	"fmt"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/labels"

	p "nestdeck/sandbox/internal/platform"
)

const nodesChartVersion = "0.4.1"

// reconcilePool plays the kubernetes-nodes chart for one KubernetesNodes app
// (a node pool, section 9): its MachineDeployment kubernetes-<cluster>-<pool>
// and machines, as a node group's. The platform accepts any pool at admission;
// a pool its chart cannot render (wrong name, unknown cluster, a version ahead
// of the cluster's) fails its release with the chart's message.
func (s *Simulator) reconcilePool(ctx context.Context, ns, name string) (time.Duration, error) {
	rel := p.NodesReleasePrefix + name
	hr := s.get(p.HelmReleaseGVR, ns, rel)
	if hr == nil {
		return 0, nil
	}
	app := appView("KubernetesNodes", p.NodesReleasePrefix, hr)
	if hr.GetDeletionTimestamp() != nil {
		// Its machines go with the MachineDeployment (owned by the release);
		// the disks have no owner.
		for _, o := range s.poolDeployments(ns, hr) {
			if err := s.delete(ctx, p.MachineDeploymentGVR, ns, o.GetName()); err != nil {
				return 0, err
			}
			if err := s.deleteByLabel(ctx, p.DataVolumeGVR, ns, labels.Set{p.LabelDeployment: o.GetName()}); err != nil {
				return 0, err
			}
		}
		if err := s.delete(ctx, p.WorkloadMonitorGVR, ns, rel); err != nil {
			return 0, err
		}
		return 0, s.removeFinalizer(ctx, p.HelmReleaseGVR, hr)
	}
	if err := s.addFinalizer(ctx, p.HelmReleaseGVR, hr); err != nil {
		return 0, err
	}
	spec := s.spec("KubernetesNodes", hr)
	cluster := nestedString(spec, "cluster")
	clusterRel := p.KubernetesReleasePrefix + cluster
	t := &tree{s: s, ctx: ctx, app: app, hr: hr, ns: ns, name: name, rel: clusterRel, spec: spec, now: s.Now()}
	t.age = s.age(app, app)
	t.instant = app.GetAnnotations()[AnnProvisioned] == "true" && condStatus(hr, "Ready") != "True"
	pool := strings.TrimPrefix(name, cluster+"-")
	owner := s.get(p.HelmReleaseGVR, ns, clusterRel)
	tcp := s.get(p.TenantCPGVR, ns, clusterRel)
	wanted := nestedString(spec, "version")
	problem := ""
	switch {
	case cluster == "":
		problem = "spec.cluster is required: the name of the Kubernetes app this pool belongs to"
	case !strings.HasPrefix(name, cluster+"-") || pool == "":
		problem = fmt.Sprintf("a pool of cluster %q must be named %s-<pool>, not %q", cluster, cluster, name)
	case owner == nil || owner.GetDeletionTimestamp() != nil:
		problem = fmt.Sprintf("Kubernetes app %q not found in namespace %s", cluster, ns)
	case s.hasNodeGroups() && nested(s.spec("Kubernetes", owner), "nodeGroups", pool) != nil:
		problem = fmt.Sprintf("pool %q collides with node group %q of cluster %s: MachineDeployment %s-%s is owned by release %s",
			name, pool, cluster, clusterRel, pool, clusterRel)
	case minorOf(wanted) > minorOf(nestedString(s.spec("Kubernetes", owner), "version")):
		problem = fmt.Sprintf("version %s is newer than cluster %s's %s: a pool may lag its cluster, never lead it",
			wanted, cluster, nestedString(s.spec("Kubernetes", owner), "version"))
	}
	if problem != "" {
		msg := "Helm install failed for release " + ns + "/" + rel + " with chart kubernetes-nodes@" + nodesChartVersion +
			": execution error at (kubernetes-nodes/templates/machinedeployment.yaml:3:4): " + problem
		return 0, t.writePoolStatus(false, false, "InstallFailed", msg, true)
	}
	cp := cpState{tcp: tcp}
	if tcp != nil {
		cp.running = nestedString(tcp.Object, "status", "kubernetesResources", "version", "version")
		st := nestedString(tcp.Object, "status", "kubernetesResources", "version", "status")
		cp.ready = st == "Ready" || st == "Upgrading"
	}
	if !cp.ready {
		// Workers join once the cluster's control plane serves: the cluster's
		// changes are not this pool's events, so look again.
		t.pending = true
	}
	version := p.PatchVersions[wanted]
	if version == "" {
		version = wanted + ".0"
	}
	gs, err := t.workerGroup(hr, pool, spec, version, cp)
	if err != nil {
		return 0, err
	}
	ready := gs.ready && len(t.problems) == 0
	reason, msg := "InstallSucceeded", "Helm install succeeded for release "+ns+"/"+rel+" with chart kubernetes-nodes@"+nodesChartVersion
	if !ready {
		reason, msg = "Progressing", "Reconciliation in progress"
		if len(t.problems) > 0 {
			reason = "InstallFailed"
			msg = "Helm install failed for release " + ns + "/" + rel + " with chart kubernetes-nodes@" + nodesChartVersion +
				": " + strings.Join(t.problems, "; ")
		}
	}
	if err := t.writePoolStatus(true, ready, reason, msg, len(t.problems) > 0); err != nil {
		return 0, err
	}
	if t.pending {
		return s.after(app, requeue), nil
	}
	return 0, nil
}

// writePoolStatus: the pool release's conditions and its WorkloadMonitor.
func (t *tree) writePoolStatus(released, ready bool, reason, msg string, failed bool) error {
	s := t.s
	readyCond := condition(t.hr, "Ready", ready, reason, msg, t.now)
	if !ready && !failed {
		readyCond["status"] = "Unknown"
	}
	relCond := condition(t.hr, "Released", released, reasonIf(released, "InstallSucceeded", reason),
		reasonIf(released, "Helm install succeeded for release "+t.ns+"/"+t.hr.GetName(), msg), t.now)
	if condStatus(t.hr, "Ready") != readyCond["status"] {
		switch {
		case ready:
			s.event(t.ctx, t.hr, false, "InstallSucceeded", msg, "helm-controller")
		case failed:
			s.event(t.ctx, t.hr, true, "InstallFailed", msg, "helm-controller")
		}
	}
	status := obj{"conditions": []any{readyCond, relCond}, "observedGeneration": t.hr.GetGeneration(),
		"lastAttemptedValuesChecksum": shortHash(p.JSON(t.spec))}
	if released || failed {
		status["lastAttemptedRevision"] = nodesChartVersion
	}
	if err := s.setStatus(t.ctx, p.HelmReleaseGVR, t.hr, status); err != nil {
		return err
	}
	return s.workloadMonitor(t.ctx, t.app, t.hr.GetName(), ready)
}

// poolDeployments lists the MachineDeployments a pool's release owns.
func (s *Simulator) poolDeployments(ns string, owner *unstructured.Unstructured) []*unstructured.Unstructured {
	var out []*unstructured.Unstructured
	objs, _ := s.listers[p.MachineDeploymentGVR].ByNamespace(ns).List(labels.Everything())
	for _, o := range objs {
		u := o.(*unstructured.Unstructured)
		for _, ref := range u.GetOwnerReferences() {
			if ref.UID == owner.GetUID() {
				out = append(out, u)
			}
		}
	}
	return out
}

// minorOf "v1.34" (or "v1.34.2") is 34; 0 when it is no version.
func minorOf(v string) int {
	var major, minor int
	if _, err := fmt.Sscanf(strings.TrimPrefix(v, "v"), "%d.%d", &major, &minor); err != nil {
		return 0
	}
	return minor
}
