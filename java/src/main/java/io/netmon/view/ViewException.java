package io.netmon.view;

/**
 * A question about the node that has no answer, said in the node's terms: no sample yet, an
 * interface it does not have, a filter that cannot be read. Whoever asked maps the {@link Kind} to
 * its own words (the HTTP router to a status, {@code netmon show} to an exit code); the message is
 * meant for people as it is.
 */
public sealed class ViewException extends Exception permits NotReady {
    private static final long serialVersionUID = 1L;

    /** What kind of "no". */
    public enum Kind {
        /** No sample yet: the same question will have an answer in a moment. */
        NOT_READY,
        /** The question names something the node does not have: an interface. */
        NOT_FOUND,
        /** The question cannot be read: an unknown protocol or family. */
        INVALID
    }

    private final Kind kind;

    ViewException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    static ViewException notFound(String message) {
        return new ViewException(Kind.NOT_FOUND, message);
    }

    static ViewException invalid(String message) {
        return new ViewException(Kind.INVALID, message);
    }

    public Kind kind() {
        return kind;
    }
}
