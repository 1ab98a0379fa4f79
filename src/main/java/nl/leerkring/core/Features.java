package nl.leerkring.core;

import java.util.ArrayList;
import java.util.List;
import nl.leerkring.core.action.Actions;
import nl.leerkring.core.setup.CircleFeature;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.feature.FeatureContext;
import nl.leerkring.core.feedback.FeedbackFeature;
import nl.leerkring.core.flow.CaseFeature;
import nl.leerkring.core.session.SessionFeature;
import nl.leerkring.core.privacy.PrivacyFeature;
import nl.leerkring.core.thanks.ThanksFeature;
import nl.leerkring.delivery.OutboxData;

/**
 * The features Leerkring is made of, in the order of the help text. The server, the console and
 * the test harness all assemble the bot from this one list; a new feature is one line here.
 */
public final class Features {

    private Features() {
    }

    /**
     * Builds every feature from its settings; a broken method or template file fails here.
     *
     * @param platformData what a platform keeps of its own (Teams' conversation references), so
     *     that the data rights reach it without the core naming the platform
     */
    public static List<Feature> standard(FeatureContext context, Feature... platformData) {
        Actions actions = new Actions();
        CaseFeature cases = new CaseFeature(context, actions);
        List<Feature> features = new ArrayList<>(List.of(
                new HelpCommand(),
                new CircleFeature(),
                cases,
                new SessionFeature(context, cases.engine(), actions, cases.retentionDays()),
                new FeedbackFeature(context, cases.engine()),
                new ThanksFeature(context),
                new OutboxData()));
        features.addAll(List.of(platformData));
        features.add(new PrivacyFeature(features));
        return List.copyOf(features);
    }
}
