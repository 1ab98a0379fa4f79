package nl.leerkring.core.feedback;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.feature.DailyWork;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.feature.FeatureContext;
import nl.leerkring.core.feature.PersonalData;
import nl.leerkring.core.circle.Person;
import nl.leerkring.core.feature.Settings;
import nl.leerkring.core.circle.Circle;
import java.util.LinkedHashMap;
import nl.leerkring.core.flow.FlowEngine;
import org.jdbi.v3.core.Handle;

/**
 * Tops and tips at about three to one: giving them (named or anonymous), the circle's culture,
 * nudges in an evaluation round and a culture check every working-day morning. Received texts
 * are forgotten after {@code feedback.retention.days}; the counts stay.
 */
public final class FeedbackFeature implements Feature {

    private final FeedbackPolicy policy;
    private final FlowEngine flows;

    public FeedbackFeature(FeatureContext context, FlowEngine flows) {
        this.policy = policy(context);
        this.flows = flows;
    }

    /** The settings under {@code feedback.}, with their defaults (the README's configuration table). */
    static FeedbackPolicy policy(FeatureContext context) {
        Settings s = context.settings("feedback");
        CultureReading.Thresholds d = CultureReading.Thresholds.DEFAULTS;
        return new FeedbackPolicy(context.zone(), s.getInt("window.weeks", 8), s.getInt("retention.days", 30),
                Duration.ofDays(s.getInt("nudge.days", 7)),
                new CultureReading.Thresholds(s.getDouble("target.ratio", d.targetRatio()),
                        s.getDouble("care.ratio", d.careRatio()), s.getDouble("fear.ratio", d.fearRatio()),
                        s.getInt("avoidance.below", d.avoidanceBelow()), s.getInt("settle.days", d.settleDays()),
                        s.getInt("round.min", d.roundMinItems())));
    }

    @Override
    public String name() {
        return "feedback";
    }

    @Override
    public void register(CommandRegistry registry) {
        FeedbackCommands.register(registry, flows, policy);
    }

    /** The culture check nudges facilitators: on working days, in the morning. */
    @Override
    public List<DailyWork> dailyWork() {
        return List.of(new DailyWork("feedback-culture", LocalTime.of(9, 30), DailyWork.WORKING_DAYS,
                (handle, now) -> FeedbackCommands.dailyChecks(handle, now, policy.zone())));
    }

    @Override
    public Map<String, Integer> forgetExpired(Handle handle, Instant now) {
        return Map.of("feedback texts", FeedbackStore.expire(handle, now.minus(Duration.ofDays(policy.retentionDays())), now));
    }

    /**
     * Received: kind, text, when, and the giver only if named. Given: only what was given by
     * name (an anonymous top is stored without its giver, so nothing finds it again).
     */
    @Override
    public Map<String, List<Map<String, Object>>> export(Handle handle, Person person) {
        String circles = " " + PersonalData.CIRCLES;
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        out.put("feedback (received)", PersonalData.rows(handle, """
                SELECT kind, text, giver_id, context_kind, context_id, created_at FROM feedback
                WHERE receiver_id = :user AND circle_id IN""" + circles + " ORDER BY id", person));
        out.put("feedback (given by name)", PersonalData.rows(handle, """
                SELECT kind, receiver_id, text, created_at FROM feedback
                WHERE giver_id = :user AND circle_id IN""" + circles + " ORDER BY id", person));
        out.put("feedback_draft", PersonalData.rows(handle, """
                SELECT giver_id, receiver_id, kind, text, expires_at FROM feedback_draft
                WHERE (giver_id = :user OR receiver_id = :user) AND circle_id IN""" + circles + " ORDER BY id", person));
        return out;
    }

    /** The circle's counts stay (kind, time, circle, case), but no longer point to the person or hold their words. */
    @Override
    public Map<String, Integer> erase(Handle handle, Person person) {
        String circles = " " + PersonalData.CIRCLES;
        Map<String, Integer> erased = new LinkedHashMap<>();
        erased.put("feedback drafts", PersonalData.update(handle,
                "DELETE FROM feedback_draft WHERE (giver_id = :user OR receiver_id = :user) AND circle_id IN" + circles, person));
        erased.put("feedback received", PersonalData.update(handle,
                "UPDATE feedback SET receiver_id = '', text = NULL, giver_id = NULL WHERE receiver_id = :user AND circle_id IN" + circles, person));
        erased.put("feedback given by name", PersonalData.update(handle,
                "UPDATE feedback SET giver_id = NULL, text = NULL WHERE giver_id = :user AND circle_id IN" + circles, person));
        return erased;
    }

    @Override
    public Map<String, Integer> deleteCircle(Handle handle, Circle circle) {
        Map<String, Integer> deleted = new LinkedHashMap<>();
        deleted.put("feedback", PersonalData.update(handle, "DELETE FROM feedback WHERE circle_id = :circle", circle));
        deleted.put("feedback drafts", PersonalData.update(handle, "DELETE FROM feedback_draft WHERE circle_id = :circle", circle));
        PersonalData.update(handle, "DELETE FROM feedback_setting WHERE circle_id = :circle", circle);
        PersonalData.update(handle, "DELETE FROM feedback_round_nudge WHERE circle_id = :circle", circle);
        return deleted;
    }
}
