package nl.leerkring.core;

import java.util.List;
import nl.leerkring.core.action.Actions;
import nl.leerkring.core.setup.CircleFeature;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.feature.FeatureContext;
import nl.leerkring.core.feedback.FeedbackFeature;
import nl.leerkring.core.flow.CaseFeature;
import nl.leerkring.core.session.SessionFeature;
import nl.leerkring.core.thanks.ThanksFeature;

/**
 * The features Leerkring is made of, in the order of the help text. The server, the console and
 * the test harness all assemble the bot from this one list; a new feature is one line here.
 */
public final class Features {

    private Features() {
    }

    /** Builds every feature from its settings; a broken method or template file fails here. */
    public static List<Feature> standard(FeatureContext context) {
        Actions actions = new Actions();
        CaseFeature cases = new CaseFeature(context, actions);
        return List.of(
                new HelpCommand(),
                new CircleFeature(),
                cases,
                new SessionFeature(context, cases.engine(), actions, cases.retentionDays()),
                new FeedbackFeature(context, cases.engine()),
                new ThanksFeature(context));
    }
}
