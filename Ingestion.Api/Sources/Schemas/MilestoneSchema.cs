using System.Text.Json;
using Ingestion.Messaging.Entities;

namespace Ingestion.Api.Sources.Schemas;

public sealed class MilestoneSchema : IEntitySchema
{
    public const string Name = EntityNames.Milestone;

    public string EntityName => Name;

    public void Validate(EntityBody body)
    {
        body.RequiredIdentifier("milestone_id");
        body.RequiredIdentifier("contract_id");
        body.RequiredText("description");
        var start = body.RequiredTimestamp("start_date");
        var end = body.RequiredTimestamp("end_date");
        if (start is not null && end < start)
        {
            body.Error("end_date", "must not be before start_date");
        }
    }

    public string ItemKey(JsonElement body) => ItemKeys.Milestone(body.GetProperty("milestone_id").GetString()!);
}
