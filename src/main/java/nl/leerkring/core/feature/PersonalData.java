package nl.leerkring.core.feature;

import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.leerkring.core.circle.Circle;
import nl.leerkring.core.circle.Person;
import org.jdbi.v3.core.Handle;

/**
 * Small helpers for the data rights of features ({@link Feature#export}, {@link Feature#erase},
 * {@link Feature#deleteCircle}): queries bound to a person or a circle, and rows as readable maps.
 * In SQL, {@code :platform}, {@code :workspace} and {@code :user} are the person's, and
 * {@link #CIRCLES} the ids of every circle of their workspace on their platform.
 */
public final class PersonalData {

    /** The circles of the person's workspace on the person's platform. */
    public static final String CIRCLES = "(SELECT id FROM circle WHERE platform = :platform AND workspace_id = :workspace)";

    private PersonalData() {
    }

    /** The rows a query finds, as column → value (dates and times as ISO text). */
    public static List<Map<String, Object>> rows(Handle handle, String sql, Person person) {
        return handle.createQuery(sql)
                .bind("platform", person.platform().name()).bind("workspace", person.workspaceId())
                .bind("user", person.userId())
                .mapToMap().list().stream().map(PersonalData::readable).toList();
    }

    /** Runs an update for a person; how many rows it changed. */
    public static int update(Handle handle, String sql, Person person) {
        return handle.createUpdate(sql)
                .bind("platform", person.platform().name()).bind("workspace", person.workspaceId())
                .bind("user", person.userId()).execute();
    }

    /** Runs an update for a circle ({@code :circle}, {@code :workspace}); how many rows it changed. */
    public static int update(Handle handle, String sql, Circle circle) {
        return handle.createUpdate(sql).bind("circle", circle.id()).bind("workspace", circle.workspaceId()).execute();
    }

    /** The way a user id is mentioned in stored text. */
    public static String mention(Person person) {
        return "<@" + person.userId() + ">";
    }

    private static Map<String, Object> readable(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        row.forEach((column, value) -> out.put(column, value == null || value instanceof Number || value instanceof Boolean
                ? value : value instanceof java.sql.Timestamp t ? t.toInstant().toString()
                : value instanceof TemporalAccessor ? value.toString() : value.toString()));
        return out;
    }
}
