using System.Text.Json.Serialization;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;

namespace SmartRegion.Api.Http;

/// <summary>
/// Compile-time JSON contracts for the answers served most often (the project list, a project, the participation
/// matrix): no reflection to build their contracts at startup or on first use. Placed in front of the reflection
/// resolver in <see cref="JsonSetup.Apply"/>, so every other type is served as before; the options' converters
/// (snake_case enums, UTC timestamps, cents) apply to these types too.
/// </summary>
[JsonSerializable(typeof(Page<ProjectResponse>))]
[JsonSerializable(typeof(ProjectResponse))]
[JsonSerializable(typeof(ParticipationMatrixResponse))]
internal sealed partial class HotResponsesJson : JsonSerializerContext;
