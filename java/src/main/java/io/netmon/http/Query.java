package io.netmon.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request's query parameters, checked against the names a route accepts. Values may repeat
 * ({@code ?interface=a&interface=b}) or be comma-separated ({@code ?interface=a,b}); both mean the same.
 */
public final class Query {
    private final Map<String, List<String>> parameters;

    private Query(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    /** The names a route accepts, in the order an error lists them. */
    public static Set<String> accepting(String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
    }

    /** Rejects names the route does not know and empty values, so typos never pass silently. */
    public static Query of(Map<String, List<String>> parameters, Set<String> accepted) throws HttpError {
        for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
            if (!accepted.contains(entry.getKey())) {
                throw HttpError.badRequest("unknown query parameter '" + entry.getKey() + "'"
                        + (accepted.isEmpty() ? ": this path takes none" : "; accepted: " + String.join(", ", accepted)));
            }
            for (String value : entry.getValue()) {
                if (value.isEmpty()) {
                    throw HttpError.badRequest("query parameter '" + entry.getKey() + "' needs a value");
                }
            }
        }
        return new Query(parameters);
    }

    /** Every value of {@code name}, commas split, duplicates removed, in the order given. */
    public List<String> values(String name) throws HttpError {
        Set<String> out = new LinkedHashSet<>();
        for (String value : parameters.getOrDefault(name, List.of())) {
            for (String part : value.split(",", -1)) {
                if (part.isEmpty()) {
                    throw HttpError.badRequest("query parameter '" + name + "' has an empty item in '" + value + "'");
                }
                out.add(part);
            }
        }
        return new ArrayList<>(out);
    }

    /** The single value of {@code name}, if given; more than one is an error. */
    public Optional<String> single(String name) throws HttpError {
        List<String> values = parameters.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw HttpError.badRequest("query parameter '" + name + "' may be given once");
        }
        return values.stream().findFirst();
    }
}
