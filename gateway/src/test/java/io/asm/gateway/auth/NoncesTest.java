package io.asm.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.asm.common.error.AsmException;
import io.asm.common.retention.BatchedDelete;
import io.asm.devkit.LocalPostgres;
import io.asm.devkit.PostgresResource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The shared INSERT: batches under concurrency, fails a batch as a whole, and never leaves the lead stuck. */
class NoncesTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(32);
    private final Database database = new Database();
    private Nonces nonces;
    private final Instant expiry = Instant.now().plusSeconds(600);

    @BeforeEach
    void setUp() throws Exception {
        LocalPostgres pg = PostgresResource.server();
        database.real.setUrl(pg.jdbcUrl("asm"));
        database.real.setUser(LocalPostgres.USER);
        String table = "nonces_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = database.real.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS nonces_test");
            s.execute("CREATE TABLE nonces_test." + table + " (access_key_id text NOT NULL, nonce text NOT NULL,"
                    + " expires_at timestamptz NOT NULL, PRIMARY KEY (access_key_id, nonce))");
        }
        database.real.setCurrentSchema("nonces_test");
        database.table = table;
        nonces = new Nonces(database, new BatchedDelete(2, 2));
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void concurrentNoncesShareStatementsAndEachIsFirstOnce() throws Exception {
        database.delayMillis = 30; // a slow round trip: what arrives meanwhile must queue for the next one
        List<String> unique = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            unique.add("n-" + i);
        }
        assertEquals(64, count(all(unique), true), "every new nonce is a first use");
        int statements = database.statements.get();
        assertTrue(statements < 16, "64 concurrent nonces took " + statements + " statements");
        assertEquals(0, count(all(unique), true), "and none is first twice");
    }

    @Test
    void aFailedBatchFailsItsRequestsAndTheNextOnesStillGetThrough() throws Exception {
        database.failing.set(true);
        List<Future<Boolean>> failed = submit(List.of("a", "b", "c", "d", "e", "f", "g", "h"));
        for (Future<Boolean> f : failed) {
            Exception e = Assertions.assertThrows(Exception.class, () -> f.get(20, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof AsmException, "ServiceUnavailable, not " + e);
        }
        database.failing.set(false);
        // The lead was handed back: new requests are served, and the failed nonces were never stored.
        assertEquals(9, count(all(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i")), true));
        assertFalse(nonces.firstUse("key", "i", expiry));
    }

    @Test
    void expiredNoncesArePurgedInBoundedBatchesAndLiveOnesKept() throws Exception {
        Instant past = Instant.now().minusSeconds(1);
        for (String n : List.of("old-1", "old-2", "old-3", "old-4", "old-5")) {
            assertTrue(nonces.firstUse("key", n, past));
        }
        assertTrue(nonces.firstUse("key", "live", expiry));

        assertEquals(4, nonces.purgeExpired(Instant.now()), "two batches of two per run");
        assertEquals(1, nonces.purgeExpired(Instant.now()));
        assertEquals(0, nonces.purgeExpired(Instant.now()));
        assertFalse(nonces.firstUse("key", "live", expiry), "the live nonce is still remembered");
    }

    private int count(List<Boolean> results, boolean value) {
        return (int) results.stream().filter(r -> r == value).count();
    }

    private List<Boolean> all(List<String> nonceValues) throws Exception {
        List<Boolean> out = new ArrayList<>();
        for (Future<Boolean> f : submit(nonceValues)) {
            out.add(f.get(20, TimeUnit.SECONDS));
        }
        return out;
    }

    private List<Future<Boolean>> submit(List<String> nonceValues) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        for (String n : nonceValues) {
            futures.add(pool.submit((Callable<Boolean>) () -> {
                go.await();
                return nonces.firstUse("key", n, expiry);
            }));
        }
        go.countDown();
        return futures;
    }

    /** The real database behind a switch that fails it, a delay, and a statement counter; the table is renamed. */
    private static final class Database implements DataSource {
        final PGSimpleDataSource real = new PGSimpleDataSource();
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicInteger statements = new AtomicInteger();
        volatile long delayMillis;
        String table;

        @Override
        public Connection getConnection() throws SQLException {
            if (failing.get()) {
                throw new SQLException("database down (test)");
            }
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Connection c = real.getConnection();
            return (Connection) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement")) {
                            statements.incrementAndGet();
                            args[0] = ((String) args[0]).replace("signature_nonce", table);
                        }
                        try {
                            return method.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
