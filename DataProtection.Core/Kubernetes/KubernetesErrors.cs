using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using k8s.Autorest;

namespace DataProtection.Core.Kubernetes;

/// <summary>Turns transport and API failures into one sentence an administrator can act on, and the field to fix.</summary>
public static class KubernetesErrors
{
    public static (string Field, string Message) Describe(Exception exception, string server, TimeSpan timeout, bool fromKubeconfig)
    {
        var credentialField = fromKubeconfig ? "kubeconfig" : "token";
        var caField = fromKubeconfig ? "kubeconfig" : "certificateAuthority";
        var serverField = fromKubeconfig ? "kubeconfig" : "server";
        var status = exception switch
        {
            KubernetesApiException k => (HttpStatusCode?)k.StatusCode,
            HttpOperationException h => h.Response?.StatusCode,
            _ => null,
        };
        if (status is HttpStatusCode.Unauthorized)
        {
            return (credentialField, $"{server} rejected the credentials (401 Unauthorized): the token is wrong, expired or revoked.");
        }
        if (status is HttpStatusCode.Forbidden)
        {
            return (credentialField, $"{server} accepted the credentials but refused access (403 Forbidden): {exception.Message}");
        }
        if (status is not null)
        {
            return (serverField, $"{server} answered {(int)status} {status}: {exception.Message}");
        }
        if (exception is OperationCanceledException or TimeoutException)
        {
            return (serverField, $"{server} did not answer within {timeout.TotalSeconds:0} s (timeout).");
        }
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case AuthenticationException tls:
                    return (caField, $"TLS with {server} failed: its certificate is not trusted by the given CA, is expired or does not match the host ({tls.Message}).");
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return (serverField, $"{server} is unreachable: connection refused.");
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return (serverField, $"{server} is unreachable: the host name could not be resolved (DNS).");
                case SocketException socket:
                    return (serverField, $"{server} is unreachable: {socket.Message}");
            }
        }
        return (serverField, $"{server} could not be reached: {exception.Message}");
    }
}
