using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;
using SmartRegion.Api.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SmartRegion.Api.Setup;

/// <summary>
/// Makes every component schema say what the wire carries, from the C# types and validators behind it:
/// <list type="bullet">
/// <item>Responses: every property is <c>required</c> (the service always writes it, null included), and exactly
/// the nullable ones accept <c>null</c> — behind a <c>$ref</c> as <c>oneOf: [$ref, {type: null}]</c>.</item>
/// <item>Requests: <c>required</c> lists exactly the properties their validator requires unconditionally
/// (<c>NotNull</c>/<c>NotEmpty</c>); those do not accept <c>null</c>, the optional ones do when their type is
/// nullable. A request body schema carries the type's <see cref="IHasExample{TSelf}"/> example.</item>
/// <item>Decimals: bounds and <c>multipleOf: 0.01</c> from their <see cref="DecimalKindAttribute"/>; a decimal
/// without one fails the document.</item>
/// </list>
/// </summary>
internal sealed class OpenApiSchemaContract : IDocumentFilter
{
    private static readonly NullabilityInfoContext Nullability = new();

    private static readonly JsonSerializerOptions ExampleJson = CreateExampleJson();

    private static readonly Lazy<ILookup<Type, IValidator>> Validators = new(FindValidators);

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var inputs = new HashSet<Type>();
        var outputs = new HashSet<Type>();
        foreach (var description in context.ApiDescriptions)
        {
            var metadata = description.ActionDescriptor.EndpointMetadata;
            // Only request types with a body have a component schema; the others are skipped below.
            if (metadata.OfType<EndpointDefinition>().FirstOrDefault()?.ReqDtoType is { } request)
            {
                Collect(request, inputs);
            }

            if (metadata.OfType<Auth.PublicReadDeclaration>().FirstOrDefault()?.PublicResponse is { } publicResponse)
            {
                Collect(publicResponse, outputs);
            }

            foreach (var produced in metadata.OfType<IProducesResponseTypeMetadata>())
            {
                if (produced.Type is { } type)
                {
                    Collect(type, outputs);
                }
            }
        }

        var both = inputs.Intersect(outputs).Where(type => !type.IsEnum).ToList();
        if (both.Count > 0)
        {
            throw new InvalidOperationException(
                "These types are used both in requests and in responses; give each direction its own type so each can say what is required: "
                + string.Join(", ", both.Select(type => type.Name)));
        }

        foreach (var type in inputs)
        {
            if (Component(type, context) is { } schema)
            {
                ApplyToRequest(type, schema, swaggerDoc);
            }
        }

        foreach (var type in outputs)
        {
            if (Component(type, context) is { } schema)
            {
                ApplyToResponse(type, schema, swaggerDoc);
            }
        }
    }

    private static void ApplyToRequest(Type type, OpenApiSchema schema, OpenApiDocument document)
    {
        var required = RequiredByValidators(type);
        foreach (var (property, name, propertySchema) in Properties(type, schema))
        {
            var isRequired = required.Contains(property.Name);
            if (isRequired)
            {
                schema.Required ??= new HashSet<string>();
                schema.Required.Add(name);
            }

            schema.Properties![name] = Shape(property, propertySchema, nullable: !isRequired && IsNullable(property), document);
        }

        if (schema.Required is { Count: 0 })
        {
            schema.Required = null;
        }

        if (Example(type, schema) is { } example)
        {
            schema.Examples = [example];
        }
    }

    private static void ApplyToResponse(Type type, OpenApiSchema schema, OpenApiDocument document)
    {
        foreach (var (property, name, propertySchema) in Properties(type, schema))
        {
            var omittedWhenNull = property.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault;
            if (!omittedWhenNull)
            {
                schema.Required ??= new HashSet<string>();
                schema.Required.Add(name);
            }

            schema.Properties![name] = Shape(property, propertySchema, nullable: !omittedWhenNull && IsNullable(property), document);
        }
    }

    /// <summary>The property schema with exactly the nullability and number bounds the C# property has.</summary>
    private static IOpenApiSchema Shape(PropertyInfo property, IOpenApiSchema schema, bool nullable, OpenApiDocument document)
    {
        if (schema is OpenApiSchemaReference { Reference.Id: { } id } reference)
        {
            if (!nullable)
            {
                return schema;
            }

            return new OpenApiSchema
            {
                Description = reference.Description,
                OneOf = [new OpenApiSchemaReference(id, document), new OpenApiSchema { Type = JsonSchemaType.Null }],
            };
        }

        if (schema is OpenApiSchema { OneOf: { Count: 2 } oneOf } wrapped && oneOf.OfType<OpenApiSchemaReference>().Any())
        {
            // Already shaped (the document filter can run twice on one repository); keep it as it is.
            return wrapped;
        }

        if (schema is not OpenApiSchema inline)
        {
            return schema;
        }

        var valueType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (valueType == typeof(decimal))
        {
            var kind = property.GetCustomAttribute<DecimalKindAttribute>()
                ?? throw new InvalidOperationException(
                    $"{property.DeclaringType?.Name}.{property.Name} is a decimal without [Money], [Percent] or [Fte]; say what it is so the document can state its bounds.");
            inline.Format = null;
            inline.MultipleOf = DecimalKindAttribute.MultipleOf;
            inline.Minimum = kind.Minimum.ToString(CultureInfo.InvariantCulture);
            inline.Maximum = kind.Maximum.ToString(CultureInfo.InvariantCulture);
        }

        if (inline.Type is { } jsonType)
        {
            inline.Type = nullable ? jsonType | JsonSchemaType.Null : jsonType & ~JsonSchemaType.Null;
        }

        return inline;
    }

    /// <summary>The C# properties that appear in the schema, with their JSON name and current property schema.</summary>
    private static IEnumerable<(PropertyInfo Property, string Name, IOpenApiSchema Schema)> Properties(Type type, OpenApiSchema schema)
    {
        if (schema.Properties is not { } properties)
        {
            yield break;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (properties.TryGetValue(name, out var propertySchema))
            {
                yield return (property, name, propertySchema);
            }
        }
    }

    private static bool IsNullable(PropertyInfo property) =>
        property.PropertyType.IsValueType
            ? Nullable.GetUnderlyingType(property.PropertyType) is not null
            : Nullability.Create(property).ReadState == NullabilityState.Nullable;

    /// <summary>
    /// The properties some validator of the type (or of an interface or base type it implements, which is how shared
    /// rules are included) requires without a condition.
    /// </summary>
    private static HashSet<string> RequiredByValidators(Type type)
    {
        // FluentValidation names properties through its (FastEndpoints-configured, camelCase) name resolver.
        var required = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var validated = new[] { type }.Concat(type.GetInterfaces()).Concat(BaseTypes(type));
        foreach (var validator in validated.SelectMany(target => Validators.Value[target]))
        {
            foreach (var rule in validator.CreateDescriptor().Rules)
            {
                if (rule.PropertyName is { } name
                    && rule.Components.Any(component => !component.HasCondition && !component.HasAsyncCondition
                        && component.Validator is INotNullValidator or INotEmptyValidator))
                {
                    required.Add(name);
                }
            }
        }

        return required;
    }

    private static IEnumerable<Type> BaseTypes(Type type)
    {
        for (var current = type.BaseType; current is not null && current != typeof(object); current = current.BaseType)
        {
            yield return current;
        }
    }

    /// <summary>Every validator of the service with a parameterless constructor, by the type it validates.</summary>
    private static ILookup<Type, IValidator> FindValidators() =>
        typeof(OpenApiSchemaContract).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IValidator).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is not null)
            .Select(type => (Validator: (IValidator)Activator.CreateInstance(type)!, Target: ValidatedType(type)))
            .Where(entry => entry.Target is not null)
            .ToLookup(entry => entry.Target!, entry => entry.Validator);

    private static Type? ValidatedType(Type validatorType)
    {
        for (var current = validatorType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(AbstractValidator<>))
            {
                return current.GetGenericArguments()[0];
            }
        }

        return null;
    }

    /// <summary>The example of a request type, without the properties the schema does not list (route-bound ones).</summary>
    private static JsonObject? Example(Type type, OpenApiSchema schema)
    {
        if (!type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IHasExample<>)))
        {
            return null;
        }

        var value = type.GetProperty(nameof(IHasExample<>.Example), BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
        if (JsonSerializer.SerializeToNode(value, type, ExampleJson) is not JsonObject example)
        {
            return null;
        }

        foreach (var name in example.Select(entry => entry.Key).ToList())
        {
            if (schema.Properties?.ContainsKey(name) != true || example[name] is null)
            {
                example.Remove(name);
            }
        }

        return example;
    }

    /// <summary>The type and the types of its properties, list items and nullable values, recursively.</summary>
    private static void Collect(Type type, HashSet<Type> seen)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
            || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(DateTime) || !seen.Add(type))
        {
            return;
        }

        if (type.IsArray)
        {
            Collect(type.GetElementType()!, seen);
            return;
        }

        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            foreach (var argument in type.GetGenericArguments())
            {
                Collect(argument, seen);
            }

            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            Collect(property.PropertyType, seen);
        }
    }

    private static OpenApiSchema? Component(Type type, DocumentFilterContext context) =>
        context.SchemaRepository.TryLookupByType(type, out var reference)
            && reference.Reference.Id is { } id
            && context.SchemaRepository.Schemas.TryGetValue(id, out var component)
            ? component as OpenApiSchema
            : null;

    private static JsonSerializerOptions CreateExampleJson()
    {
        var options = new JsonSerializerOptions();
        JsonSetup.Apply(options);

        // An example shows what to send; a null says nothing a newcomer needs, at any depth (e.g. a nested contact).
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        return options;
    }
}
