// What an exec credential plugin prints (aws, gcloud, kubelogin, ... or anything on PATH).
#include "FuzzTarget.h"
#include "core/kube/ExecCredential.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nestdeck::kube::ApiError error;
    (void)nestdeck::kube::ExecCredentialProvider::parseOutput(fuzzBytes(data, size), QStringLiteral("client.authentication.k8s.io/v1"),
                                                              QStringLiteral("exec plugin \"fuzz\""), &error);
    return 0;
}
