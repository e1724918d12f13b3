using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Mizugiwa.Core;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.PolicyDelegation;

public static class PolicyDelegationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PolicyConnectionHandler"/> for a Kestrel listener
    /// (<c>listen.UseConnectionHandler&lt;PolicyConnectionHandler&gt;()</c>). It judges with the registered
    /// <see cref="ISmtpPolicy"/> (the same singleton as the SMTP service) and records into the
    /// registered <see cref="IDecisionLog"/>; <see cref="PolicyDelegationOptions"/> defaults unless registered.
    /// </summary>
    /// <summary>
    /// The key of a pipeline made for the policy server, when there is one: Postfix limits connections
    /// itself, and one policy request is not one SMTP connection, so flow control does not belong in it.
    /// </summary>
    public const string PolicyKey = "policy-delegation";

    public static IServiceCollection AddPolicyDelegation(this IServiceCollection services)
    {
        services.TryAddSingleton(new PolicyDelegationOptions());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new PolicyEvaluator(sp.GetKeyedService<ISmtpPolicy>(PolicyKey) ?? sp.GetRequiredService<ISmtpPolicy>()));
        services.AddSingleton(sp => new PolicyConnectionHandler(
            sp.GetRequiredService<PolicyEvaluator>(),
            sp.GetService<IDecisionLog>() ?? NoDecisionLog.Instance,
            sp.GetRequiredService<PolicyDelegationOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PolicyConnectionHandler>>()));
        return services;
    }
}
