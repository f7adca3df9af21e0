package org.rehabloop.kit.jdbc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plain SQL on the connection of the caller's transaction, for the statements every request or event runs on tables
 * whose rows no entity holds (inbox, audit, outbox, locks). Through Hibernate, each such native statement first
 * flushed the whole persistence context (it cannot know what the SQL reads) and went through its query machinery;
 * in the consumers' profiles that was a large share of the CPU of an event. What an entity of this transaction has
 * not flushed yet is not seen by these statements.
 * <p>
 * The connection comes from the datasource, not from a Hibernate session: within a JTA transaction the pool hands out
 * the connection enlisted in it (the one Hibernate uses too), so these statements and the entities' share it; a
 * transaction that only runs these statements (a logged session) opens no session and pays none of its flushing and
 * bookkeeping at commit. Outside a transaction the statement runs on its own connection in autocommit.
 */
@ApplicationScoped
public class Sql {
    @Inject
    DataSource dataSource;

    /** The driver's failure, unchecked: callers (and the problem mapper) find the {@link SQLException} as its cause. */
    public static final class Failed extends RuntimeException {
        Failed(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Reads what a query answered. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** What the statement's parameters are bound to, in order. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement, Connection connection) throws SQLException;
    }

    /** Runs an INSERT, UPDATE or DELETE in the caller's transaction; how many rows it changed. */
    public int update(String sql, Object... parameters) {
        return update(sql, (statement, connection) -> bind(statement, parameters));
    }

    public int update(String sql, Binder binder) {
        return work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement, connection);
                return statement.executeUpdate();
            }
        });
    }

    /**
     * A row to write for each row a change answers: {@code into} is {@code INSERT INTO table (columns) }, {@code values}
     * the SELECT list, a placeholder per column cast to its type (else PostgreSQL takes it as text).
     */
    public record Into(String into, String values, Object... parameters) {
    }

    /**
     * Writes a row for each row that {@code change} (an INSERT ... RETURNING) answers, in the same statement:
     * {@code WITH changed AS (change) into SELECT values FROM changed}. One round trip for a change and the row that
     * must exist exactly when it does (its audit record, its outbox event). How many rows {@code into} wrote.
     */
    public int insertWith(String change, Object[] changeParameters, String into, String values, Object... valueParameters) {
        return insertWith(change, changeParameters, List.of(new Into(into, values, valueParameters)));
    }

    /**
     * As {@link #insertWith(String, Object[], String, String, Object...)}, with several rows to write for each row the
     * change answers (a logged session's outbox event and the audit record of the call). How many rows the last wrote.
     */
    public int insertWith(String change, Object[] changeParameters, List<Into> rows) {
        List<String> parts = new ArrayList<>(1 + 2 * rows.size());
        parts.add(change);
        List<Object> parameters = new ArrayList<>(Arrays.asList(changeParameters));
        for (Into row : rows) {
            parts.add(row.into());
            parts.add(row.values());
            parameters.addAll(Arrays.asList(row.parameters()));
        }
        String statement = composed.get(parts);
        if (statement == null) {
            statement = compose(parts);
            if (composed.size() < MOST_COMPOSED) {
                composed.put(parts, statement);
            }
        }
        return update(statement, parameters.toArray());
    }

    /**
     * The statements {@link #insertWith} composed, by their parts: the callers' parts are constants, so a logged session
     * (the busiest call) finds its statement here, the same String each time, rather than building 1.5 KB of SQL that
     * the driver then hashes and compares to find its prepared statement.
     */
    private final Map<List<String>, String> composed = new ConcurrentHashMap<>();
    private static final int MOST_COMPOSED = 256;

    private static String compose(List<String> parts) {
        StringBuilder statement = new StringBuilder("WITH changed AS (").append(parts.get(0)).append(")");
        int rows = (parts.size() - 1) / 2;
        for (int i = 0; i < rows; i++) {
            boolean last = i == rows - 1;
            // a data-modifying WITH runs once whether or not anything reads it
            statement.append(last ? " " : ", also" + i + " AS (").append(parts.get(1 + 2 * i)).append("SELECT ")
                    .append(parts.get(2 + 2 * i)).append(" FROM changed").append(last ? "" : ")");
        }
        return statement.toString();
    }

    /** Runs a query in the caller's transaction and reads its rows with {@code rows}. */
    public <T> T query(String sql, Rows<T> rows, Object... parameters) {
        return query(sql, (statement, connection) -> bind(statement, parameters), rows);
    }

    public <T> T query(String sql, Binder binder, Rows<T> rows) {
        return work(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement, connection);
                try (ResultSet result = statement.executeQuery()) {
                    return rows.read(result);
                }
            }
        });
    }

    /** The first column of the first row (null when there is none). */
    public <T> T single(String sql, Class<T> type, Object... parameters) {
        return query(sql, rows -> rows.next() ? rows.getObject(1, type) : null, parameters);
    }

    /** Binds in order: an {@link Instant} as a timestamptz, an enum by its name, anything else as the driver does. */
    public static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            bind(statement, i + 1, parameters[i]);
        }
    }

    /** Binds one parameter at {@code index} (from 1) as {@link #bind(PreparedStatement, Object...)} does. */
    public static void bind(PreparedStatement statement, int index, Object parameter) throws SQLException {
        statement.setObject(index, value(parameter));
    }

    private static Object value(Object parameter) {
        if (parameter instanceof Instant instant) {
            return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (parameter instanceof Enum<?> constant) {
            return constant.name();
        }
        return parameter;
    }

    private <T> T work(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new Failed(e);
        }
    }
}
