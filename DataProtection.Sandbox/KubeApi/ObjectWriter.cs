using System.Text.Json.Nodes;

namespace DataProtection.Sandbox.KubeApi;

/// <summary>dryRun=All computes the answer without storing it; Strict (fieldValidation) rejects fields the schema would prune.</summary>
internal sealed record WriteOptions(bool DryRun = false, bool Strict = false)
{
    public static readonly WriteOptions Default = new();
}

/// <summary>Create, update and the commit rules shared by every write (metadata, generation, status, finalizers).</summary>
internal sealed partial class ObjectWriter(ObjectStore store, ResourceRegistry registry, TimeProvider time)
{
    public JsonObject Create(ResourceType type, string? ns, JsonObject body, WriteOptions? options = null)
    {
        CheckKind(type, body);
        var metadata = body["metadata"] as JsonObject ?? new JsonObject();
        body["metadata"] = metadata;
        var bodyNamespace = (string?)metadata["namespace"];
        if (type.Namespaced)
        {
            if (ns is not null && bodyNamespace is not null && bodyNamespace != ns)
                throw KubeApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            ns ??= bodyNamespace ?? throw KubeApiException.BadRequest("the server could not find the requested resource: namespace is required");
            metadata["namespace"] = ns;
        }
        else
            metadata.Remove("namespace");
        lock (store.Gate)
        {
            if ((string?)metadata["name"] is null or "" && (string?)metadata["generateName"] is { Length: > 0 } prefix)
                metadata["name"] = prefix + Guid.NewGuid().ToString("N")[..5];
            var name = (string?)metadata["name"] ?? "";
            ValidateName(type, name);
            if (type.Namespaced && store.Find(BuiltInResources.Namespaces.StoreKey, null, ns!) is null)
                throw KubeApiException.NamespaceNotFound(ns!);
            if (store.Find(type.StoreKey, ns, name) is not null)
                throw KubeApiException.AlreadyExists(type, name);
            body["apiVersion"] = type.GroupVersion;
            body["kind"] = type.Kind;
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Now();
            metadata["generation"] = 1;
            foreach (var serverOwned in new[] { "deletionTimestamp", "resourceVersion", "selfLink" })
                metadata.Remove(serverOwned);
            if (type.HasStatusSubresource)
                body.Remove("status");
            if (type == BuiltInResources.Namespaces)
                body["status"] = new JsonObject { ["phase"] = "Active" };
            return Commit(type, body, null, options ?? WriteOptions.Default);
        }
    }

    public JsonObject Update(ResourceType type, string? ns, string name, JsonObject body, bool statusOnly, WriteOptions options)
    {
        CheckKind(type, body);
        lock (store.Gate)
        {
            var existing = store.Find(type.StoreKey, ns, name) ?? throw KubeApiException.NotFound(type, name);
            if ((string?)body["metadata"]?["name"] is { } bodyName && bodyName != name)
                throw KubeApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
            if ((string?)body["metadata"]?["resourceVersion"] is { Length: > 0 } rv && rv != (string?)existing["metadata"]!["resourceVersion"])
                throw KubeApiException.Conflict(type, name);
            return Commit(type, Merge(type, existing, body, statusOnly), existing, options);
        }
    }

    /// <summary>Kind and group come from the URL; a body that names another is a client mistake, not something to overwrite.</summary>
    private static void CheckKind(ResourceType type, JsonObject body)
    {
        if ((string?)body["kind"] is { Length: > 0 } kind && kind != type.Kind)
            throw KubeApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        var apiVersion = (string?)body["apiVersion"];
        var group = apiVersion is null || !apiVersion.Contains('/') ? "" : apiVersion[..apiVersion.IndexOf('/')];
        if (apiVersion is { Length: > 0 } && group != type.Group)
            throw KubeApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.GroupVersion})");
    }

    /// <summary>A status write keeps everything but status; a main write on a type with a status subresource keeps status.</summary>
    private static JsonObject Merge(ResourceType type, JsonObject existing, JsonObject incoming, bool statusOnly)
    {
        if (statusOnly)
        {
            var result = (JsonObject)existing.DeepClone();
            result["status"] = incoming["status"]?.DeepClone();
            return result;
        }
        var updated = (JsonObject)incoming.DeepClone();
        if (type.HasStatusSubresource)
            updated["status"] = existing["status"]?.DeepClone();
        return updated;
    }

    /// <summary>Like the real server: a Secret's write-only stringData is encoded into data and never stored.</summary>
    private static void FoldStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject stringData)
            return;
        var data = secret["data"] as JsonObject ?? new JsonObject();
        foreach (var (key, value) in stringData.ToList())
            data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes((string?)value ?? ""));
        secret["data"] = data;
        secret.Remove("stringData");
    }

    /// <summary>Stores a new version. Must be called with the gate held; <paramref name="existing"/> is null for a create.</summary>
    private JsonObject Commit(ResourceType type, JsonObject built, JsonObject? existing, WriteOptions options)
    {
        // A round trip makes every value JSON-backed, so numbers read back the same whichever CLR type built them.
        var updated = (JsonObject)JsonNode.Parse(built.ToJsonString())!;
        if (type.Matches("", "secrets"))
            FoldStringData(updated);
        var metadata = updated["metadata"] as JsonObject ?? new JsonObject();
        updated["metadata"] = metadata;
        if (existing is not null)
        {
            var old = (JsonObject)existing["metadata"]!;
            foreach (var immutable in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "generation" })
                if (old[immutable] is { } value)
                    metadata[immutable] = value.DeepClone();
                else
                    metadata.Remove(immutable);
            updated["apiVersion"] ??= existing["apiVersion"]?.DeepClone();
            updated["kind"] ??= existing["kind"]?.DeepClone();
        }
        foreach (var optional in new[] { "labels", "annotations", "finalizers", "ownerReferences" })
            if (metadata[optional] is JsonObject { Count: 0 } or JsonArray { Count: 0 } or null)
                metadata.Remove(optional); // Go's omitempty: an empty map or list is not part of the object
        Validate(type, updated, options);
        if (type == BuiltInResources.CustomResourceDefinitions)
            updated["status"] = CrdResources.AcceptedStatus(updated, Now());
        if (existing is not null)
        {
            if (JsonNode.DeepEquals(WithoutVersion(updated), WithoutVersion(existing)))
                return existing;
            if (!JsonNode.DeepEquals(Content(updated), Content(existing)))
                metadata["generation"] = ((long?)existing["metadata"]!["generation"] ?? 1) + 1;
        }
        if (options.DryRun)
            return updated;
        metadata["resourceVersion"] = store.NextVersion().ToString();
        var finalizers = metadata["finalizers"] as JsonArray;
        if (metadata["deletionTimestamp"] is not null && (finalizers is null || finalizers.Count == 0))
            store.Remove(type.StoreKey, updated, existing!);
        else
            store.Put(type.StoreKey, updated, existing);
        if (type == BuiltInResources.CustomResourceDefinitions)
            RefreshRegistry();
        return updated;
    }

    private void Validate(ResourceType type, JsonObject obj, WriteOptions options)
    {
        var name = (string)obj["metadata"]!["name"]!;
        var errors = new List<FieldError>();
        if (obj["metadata"]!["labels"] is JsonObject labels)
            foreach (var (key, value) in labels)
            {
                if (Names.QualifiedName(key) is { } keyError)
                    errors.Add(FieldError.Invalid("metadata.labels", JsonValue.Create(key), keyError));
                if (Names.LabelValue((string?)value ?? "") is { } valueError)
                    errors.Add(FieldError.Invalid("metadata.labels", value, valueError));
            }
        if (type == BuiltInResources.CustomResourceDefinitions)
            errors.AddRange(CrdErrors(obj, name));
        if (type.Schema is { } schema)
        {
            var pruned = new List<string>();
            errors.AddRange(SchemaValidator.ValidateAndPrune(schema, obj, pruned));
            if (options.Strict && pruned.Count > 0)
                throw KubeApiException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: " +
                    string.Join(", ", pruned.Select(p => $"unknown field \"{p}\"")));
        }
        if (errors.Count > 0)
            throw KubeApiException.Invalid(type, name, errors);
    }

    private static void ValidateName(ResourceType type, string name)
    {
        var error = name.Length == 0 ? FieldError.Required("metadata.name")
            : (type == BuiltInResources.Namespaces ? Names.Dns1123Label(name) : Names.Dns1123Subdomain(name)) is { } message
                ? FieldError.Invalid("metadata.name", JsonValue.Create(name), message)
                : null;
        if (error is not null)
            throw KubeApiException.Invalid(type, name, [error]);
    }

    private static IEnumerable<FieldError> CrdErrors(JsonObject crd, string name)
    {
        var spec = crd["spec"] as JsonObject;
        var group = (string?)spec?["group"];
        var plural = (string?)spec?["names"]?["plural"];
        if (group is null)
            yield return FieldError.Required("spec.group");
        if (plural is null)
            yield return FieldError.Required("spec.names.plural");
        if ((string?)spec?["names"]?["kind"] is null)
            yield return FieldError.Required("spec.names.kind");
        if (spec?["versions"] is not JsonArray { Count: > 0 })
            yield return FieldError.Required("spec.versions");
        if (group is not null && plural is not null && name != $"{plural}.{group}")
            yield return FieldError.Invalid("metadata.name", JsonValue.Create(name), "must be spec.names.plural+\".\"+spec.group");
    }

    private void RefreshRegistry() =>
        registry.Refresh(store.Items(BuiltInResources.CustomResourceDefinitions.StoreKey, null).Select(kv => kv.Value).ToList());

    private string Now() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");

    private static JsonObject WithoutVersion(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        ((JsonObject)copy["metadata"]!).Remove("resourceVersion");
        return copy;
    }

    private static JsonObject Content(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy;
    }
}
