package nl.leerkring.core.flow;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import nl.leerkring.core.action.Actions;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.command.CommandRegistry;
import nl.leerkring.core.feature.Feature;
import nl.leerkring.core.feature.FeatureContext;
import nl.leerkring.core.feature.PersonalData;
import nl.leerkring.core.circle.Person;
import nl.leerkring.core.feature.Settings;
import nl.leerkring.core.feature.Timers;
import nl.leerkring.core.method.MethodLibrary;
import org.jdbi.v3.core.Handle;

/**
 * Case discussions: a method from {@code cases.methods.dir} led step by step in a case's thread.
 * Its raw contributions are confidential and kept {@code cases.retention.days}; so are the
 * title, the chosen idea and the stored report, which quote what was typed. Action items stay.
 * With {@code cases.random.seed} set, the members a step picks are the same in every run.
 */
public final class CaseFeature implements Feature {

    /** What an erased case bringer is stored as (the column may not be empty of meaning). */
    static final String ERASED = "-";

    private final int retentionDays;
    private final FlowEngine engine;
    private final Timers timers;

    public CaseFeature(FeatureContext context, Actions actions) {
        Settings settings = context.settings(name());
        // a broken method file stops start-up here, before anything is opened
        MethodLibrary methods = MethodLibrary.load(Path.of(settings.get("methods.dir", "config/methods")));
        this.retentionDays = settings.getInt("retention.days", 30);
        this.timers = context.timers();
        // unset: the installation's random source; set: who is picked in a step follows from the
        // seed, the case and the step alone, so a demo or a guide's console run replays the same
        java.util.OptionalInt seed = settings.find("random.seed").isPresent()
                ? java.util.OptionalInt.of(settings.getInt("random.seed", 0)) : java.util.OptionalInt.empty();
        this.engine = new FlowEngine(methods, context.timers(), context.random(), seed, context.zone(), retentionDays, actions);
    }

    @Override
    public String name() {
        return "cases";
    }

    /** The engine that runs methods, for features that start or extend case discussions. */
    public FlowEngine engine() {
        return engine;
    }

    /** How long raw contributions are kept, in days. */
    public int retentionDays() {
        return retentionDays;
    }

    @Override
    public void register(CommandRegistry registry) {
        CaseCommands.register(registry, engine);
    }

    @Override
    public Map<String, Integer> forgetExpired(Handle handle, Instant now) {
        Instant cutoff = now.minus(Duration.ofDays(retentionDays));
        Map<String, Integer> forgotten = new LinkedHashMap<>();
        forgotten.put("case contributions", FlowStore.deleteContributionsBefore(handle, cutoff));
        forgotten.put("case titles and reports", handle.createUpdate("""
                        UPDATE flow_run SET title = '', report = NULL, chosen_idea = NULL
                        WHERE ended_at < :cutoff AND (title <> '' OR report IS NOT NULL OR chosen_idea IS NOT NULL)""")
                .bind("cutoff", cutoff).execute());
        return forgotten;
    }

    @Override
    public Map<String, List<Map<String, Object>>> export(Handle handle, Person person) {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        out.put("flow_run", PersonalData.rows(handle, """
                        SELECT id, method_id, title, status, created_at, ended_at, chosen_idea, report FROM flow_run
                        WHERE circle_id IN""" + " " + PersonalData.CIRCLES + """
                         AND (bringer_id = :user OR POSITION(:user IN actors) > 0) ORDER BY id""", person));
        out.put("flow_contribution", PersonalData.rows(handle, """
                SELECT c.flow_id, c.step_index, c.kind, c.text, c.created_at FROM flow_contribution c
                JOIN flow_run f ON f.id = c.flow_id
                WHERE c.user_id = :user AND f.circle_id IN""" + " " + PersonalData.CIRCLES + " ORDER BY c.id", person));
        return out;
    }

    @Override
    public Map<String, Integer> erase(Handle handle, Person person) {
        Map<String, Integer> erased = new LinkedHashMap<>();
        String flows = "(SELECT id FROM flow_run WHERE circle_id IN " + PersonalData.CIRCLES + ")";
        erased.put("case contributions", PersonalData.update(handle,
                "DELETE FROM flow_contribution WHERE user_id = :user AND flow_id IN " + flows, person));
        // a case they brought: its running discussion stops, and what names or quotes them goes
        for (Map<String, Object> running : PersonalData.rows(handle, "SELECT id, step_index FROM flow_run WHERE status = 'RUNNING'"
                + " AND bringer_id = :user AND circle_id IN " + PersonalData.CIRCLES, person)) {
            timers.cancel(handle, FlowEngine.timerKey(((Number) running.get("id")).longValue(), ((Number) running.get("step_index")).intValue()));
        }
        erased.put("cases brought", PersonalData.update(handle, """
                UPDATE flow_run SET bringer_id = '-', title = '', report = NULL, chosen_idea = NULL,
                       status = CASE WHEN status = 'RUNNING' THEN 'STOPPED' ELSE status END,
                       ended_at = COALESCE(ended_at, CURRENT_TIMESTAMP), step_deadline = NULL
                WHERE bringer_id = :user AND circle_id IN""" + " " + PersonalData.CIRCLES, person));
        erased.put("case reports naming them", handle.createUpdate("UPDATE flow_run SET report = NULL WHERE POSITION(:mention IN report) > 0"
                        + " AND circle_id IN " + PersonalData.CIRCLES)
                .bind("mention", PersonalData.mention(person)).bind("platform", person.platform().name())
                .bind("workspace", person.workspaceId()).execute());
        int actors = 0;
        for (Map<String, Object> row : PersonalData.rows(handle, "SELECT id, actors FROM flow_run WHERE POSITION(:user IN actors) > 0"
                + " AND circle_id IN " + PersonalData.CIRCLES, person)) {
            String others = Arrays.stream(((String) row.get("actors")).split(",")).filter(a -> !a.equals(person.userId()))
                    .collect(Collectors.joining(","));
            actors += handle.createUpdate("UPDATE flow_run SET actors = :actors WHERE id = :id")
                    .bind("actors", others).bind("id", ((Number) row.get("id")).longValue()).execute();
        }
        erased.put("case roles", actors);
        return erased;
    }

    @Override
    public Map<String, Integer> deleteCircle(Handle handle, Circle circle) {
        handle.createQuery("SELECT id, step_index FROM flow_run WHERE circle_id = :circle AND status = 'RUNNING'")
                .bind("circle", circle.id())
                .map((rs, ctx) -> FlowEngine.timerKey(rs.getLong("id"), rs.getInt("step_index"))).list()
                .forEach(key -> timers.cancel(handle, key));
        return Map.of("cases", PersonalData.update(handle, "DELETE FROM flow_run WHERE circle_id = :circle AND workspace_id = :workspace", circle));
    }
}
