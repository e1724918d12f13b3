using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Mizugiwa.Smtp.Sasl;
using Mizugiwa.Storage;

namespace Mizugiwa.Web.Api;

/// <summary>The JSON API and its OpenAPI document (/openapi/v1.json).</summary>
public static class ApiEndpoints
{
    public static void AddServices(IServiceCollection services) => services.AddOpenApi();

    public static void Map(WebApplication app, Configuration.MizugiwaOptions options)
    {
        var authentication = new ApiAuthentication(app.Services.GetRequiredService<SqlDirectory>(), app.Services.GetRequiredService<SmtpAuthServices>());
        AdminApi.Map(app, authentication);
        AdminOperationsApi.Map(app, authentication, options);
        AdminDirectoryApi.Map(app, authentication, options);
        SettingsApi.Map(app, authentication);
        SelfServiceApi.Map(app, authentication);
        app.MapOpenApi();
    }
}
