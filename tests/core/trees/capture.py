#!/usr/bin/env python3
"""Captures a cluster's tree from a running sandbox as a tst_clustertree fixture.

    capture.py SANDBOX_DIR NAMESPACE NAME OUT.json [--slow-after SECS] [--stuck-after SECS]

Lists the tree kinds in the namespace with the sandbox's admin kubeconfig (as
core/platform/TreeLoader does), keeps the objects that carry the cluster's
names or labels and the events about them, and records the time of capture
as "now", so the golden text does not move with the clock. Secrets are kept
as metadata only. Then: NESTDECK_UPDATE_GOLDEN=1 ctest -R tst_clustertree.
"""
import base64, datetime, json, os, re, ssl, sys, tempfile, urllib.request

KINDS = [
    ("apis/apps.cozystack.io/v1alpha1", "kuberneteses", "Kubernetes"),
    ("apis/helm.toolkit.fluxcd.io/v2", "helmreleases", "HelmRelease"),
    ("apis/cluster.x-k8s.io/v1beta1", "clusters", "Cluster"),
    ("apis/infrastructure.cluster.x-k8s.io/v1alpha1", "kubevirtclusters", "KubevirtCluster"),
    ("apis/controlplane.cluster.x-k8s.io/v1alpha1", "kamajicontrolplanes", "KamajiControlPlane"),
    ("apis/kamaji.clastix.io/v1alpha1", "tenantcontrolplanes", "TenantControlPlane"),
    ("apis/cluster.x-k8s.io/v1beta1", "machinedeployments", "MachineDeployment"),
    ("apis/cluster.x-k8s.io/v1beta1", "machines", "Machine"),
    ("apis/kubevirt.io/v1", "virtualmachines", "VirtualMachine"),
    ("apis/cdi.kubevirt.io/v1beta1", "datavolumes", "DataVolume"),
    ("api/v1", "secrets", "Secret"),
]


def kubeconfig(path):
    text = open(path).read()
    get = lambda key: re.search(r"^\s*" + key + r":\s*(\S+)\s*$", text, re.M).group(1)
    tmp = tempfile.mkdtemp()
    files = {}
    for key in ("certificate-authority-data", "client-certificate-data", "client-key-data"):
        files[key] = os.path.join(tmp, key)
        open(files[key], "wb").write(base64.b64decode(get(key)))
    ctx = ssl.create_default_context(cafile=files["certificate-authority-data"])
    ctx.load_cert_chain(files["client-certificate-data"], files["client-key-data"])
    return get("server"), ctx


def main():
    args = sys.argv[1:]
    opts = {}
    for flag, key in (("--slow-after", "slowAfterSecs"), ("--stuck-after", "stuckAfterSecs")):
        if flag in args:
            i = args.index(flag)
            opts[key] = int(args[i + 1])
            del args[i:i + 2]
    sbdir, ns, name, out = args
    server, ctx = kubeconfig(os.path.join(sbdir, "users", "admin.kubeconfig"))
    get = lambda path: json.load(urllib.request.urlopen(server + "/" + path, context=ctx))
    rel = "kubernetes-" + name
    objects, uids = [], set()
    for prefix, resource, kind in KINDS:
        for o in get(f"{prefix}/namespaces/{ns}/{resource}")["items"]:
            meta = o["metadata"]
            labels = meta.get("labels", {})
            mine = (kind == "Kubernetes" and meta["name"] == name) or meta["name"] in (rel, rel + "-admin-kubeconfig") \
                or rel in (labels.get("cluster.x-k8s.io/cluster-name"), labels.get("cozystack.io/target-cluster-name"))
            if not mine:
                continue
            meta.pop("managedFields", None)
            o["kind"] = kind
            if kind == "Secret":
                o = {"kind": kind, "apiVersion": "v1", "metadata": meta}
            objects.append(o)
            uids.add(meta["uid"])
    events = [e for e in get(f"api/v1/namespaces/{ns}/events")["items"] if e["involvedObject"].get("uid") in uids]
    for e in events:
        e["metadata"].pop("managedFields", None)
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    fixture = {"ns": ns, "name": name, "now": now, **opts, "objects": objects, "events": events}
    with open(out, "w") as f:
        json.dump(fixture, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{out}: {len(objects)} objects, {len(events)} events")


if __name__ == "__main__":
    main()
