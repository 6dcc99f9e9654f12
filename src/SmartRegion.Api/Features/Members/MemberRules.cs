using FluentValidation;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Members;

/// <summary>Field limits and state rules of members, shared by the member use cases.</summary>
public static class MemberRules
{
    public const int NameMaxLength = 200;
    public const int ContactNameMaxLength = 200;
    public const int ContactEmailMaxLength = 254;
    public const int ContactPhoneMaxLength = 50;

    /// <summary>Problem type of a second district in a region: each region has exactly one.</summary>
    public const string DistrictExistsProblem = "urn:smartregion:problem:district-exists";

    /// <summary>Refuses to deactivate the district (the region always keeps it) or a member that is already inactive.</summary>
    public static void EnsureCanDeactivate(MemberRow member)
    {
        if (MemberKinds.Parse(member.Kind) == MemberKind.District)
        {
            throw new DomainRuleException(ProblemTypes.RuleViolated, "The district stays active",
                $"{member.Ags} is the region's district member; a region always keeps its one district, so it cannot be deactivated.");
        }

        if (!member.IsActive)
        {
            throw new DomainRuleException(ProblemTypes.Conflict, "Already inactive",
                $"Member {member.Ags} is already inactive; reactivate it instead.");
        }
    }

    /// <summary>Refuses to reactivate a member that is active.</summary>
    public static void EnsureCanReactivate(MemberRow member)
    {
        if (member.IsActive)
        {
            throw new DomainRuleException(ProblemTypes.Conflict, "Already active",
                $"Member {member.Ags} is already active; there is nothing to reactivate.");
        }
    }
}

/// <summary>Who to contact at a member; every field optional.</summary>
public sealed class MemberContactInput : IHasExample<MemberContactInput>
{
    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public static MemberContactInput Example => new()
    {
        Name = "Stabsstelle Digitalisierung, Stadt Ahlen",
        Email = "digitalisierung@ahlen.de",
        Phone = "+49 2382 59-0",
    };
}

/// <summary>Shape rules of a member's contact, used by create and update.</summary>
public sealed class MemberContactRules : AbstractValidator<MemberContactInput>
{
    public MemberContactRules()
    {
        RuleFor(c => c.Name).MaximumLength(MemberRules.ContactNameMaxLength);
        RuleFor(c => c.Email).MaximumLength(MemberRules.ContactEmailMaxLength).EmailAddress();
        RuleFor(c => c.Phone).MaximumLength(MemberRules.ContactPhoneMaxLength);
    }
}
