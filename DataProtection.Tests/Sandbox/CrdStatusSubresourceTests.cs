using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DataProtection.Tests.Sandbox;

public sealed class CrdStatusSubresourceTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task PatchStatus_CrdWithoutStatusSubresource_Returns404()
    {
        var client = sandbox.Client();
        var crd = new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "gadgets.example.com" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "example.com",
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = "gadgets", Singular = "gadget", Kind = "Gadget" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = "v1", Served = true, Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                    },
                ],
            },
        };
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new { apiVersion = "example.com/v1", kind = "Gadget", metadata = new { name = "g1" } }, "example.com", "v1", "default", "gadgets");

        var error = await Should.ThrowAsync<HttpOperationException>(() => client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("{\"status\":{\"phase\":\"x\"}}", V1Patch.PatchType.MergePatch), "example.com", "v1", "default", "gadgets", "g1"));

        error.Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
