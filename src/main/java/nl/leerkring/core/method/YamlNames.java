package nl.leerkring.core.method;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enum constants as method files write them: lower snake case ({@code each_in_turn}). */
final class YamlNames {

    private YamlNames() {
    }

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant a file names, or an error that lists the valid names. */
    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        E[] constants = type.getEnumConstants();
        return Arrays.stream(constants).filter(c -> of(c).equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown " + field + " '" + value + "'; choose one of "
                        + Arrays.stream(constants).map(YamlNames::of).collect(Collectors.joining(", "))));
    }
}
