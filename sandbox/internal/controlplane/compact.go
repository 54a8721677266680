package controlplane

import pb "go.etcd.io/etcd/api/v3/etcdserverpb"

func compactRequest(rev int64) *pb.CompactionRequest {
	return &pb.CompactionRequest{Revision: rev, Physical: true}
}
