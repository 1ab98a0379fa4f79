package nl.leerkring.teams;

import com.microsoft.bot.connector.authentication.AppCredentials;
import com.microsoft.bot.integration.BotFrameworkHttpAdapter;
import com.microsoft.bot.integration.Configuration;
import java.util.concurrent.CompletableFuture;

/**
 * The SDK's HTTP adapter, plus the one thing it leaves out: {@code BotFrameworkHttpAdapter(Configuration)}
 * never reads {@code MicrosoftAppTenantId} (its {@code buildAppCredentials} passes a null tenant),
 * so a single-tenant bot would ask the multi-tenant authority for its outgoing tokens.
 */
final class TeamsHttpAdapter extends BotFrameworkHttpAdapter {

    private final String tenantId;

    TeamsHttpAdapter(Configuration configuration, String tenantId) {
        super(configuration);
        this.tenantId = tenantId;
    }

    @Override
    protected CompletableFuture<AppCredentials> buildAppCredentials(String appId, String scope) {
        return super.buildAppCredentials(appId, scope).thenApply(credentials -> {
            if (tenantId != null && !tenantId.isBlank()) {
                credentials.setChannelAuthTenant(tenantId);
            }
            return credentials;
        });
    }
}
