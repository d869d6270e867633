package io.asm.gateway.auth;

import io.asm.common.crypto.SecretCipher;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** Accounts and their AccessKeys, secrets sealed at rest; lookups cached briefly for the signing hot path. */
@ApplicationScoped
public class AccessKeys {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public record Key(String id, String accountId, String secret, boolean active, boolean admin) {}

    public record KeyView(String accessKeyId, String accountId, String status, String createTime) {}

    public record AccountView(String accountId, String accountName, boolean admin, String createTime) {}

    private record Cached(Optional<Key> key, long expiresAtNanos) {}

    private final DataSource dataSource;
    private final SecretCipher cipher;
    private final long ttlNanos;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    AccessKeys(DataSource dataSource, SecretCipher cipher, GatewayConfig config) {
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.ttlNanos = config.keyCacheTtl().toNanos();
    }

    public Optional<Key> find(String accessKeyId) {
        long now = System.nanoTime();
        Cached cached = cache.get(accessKeyId);
        if (cached != null && cached.expiresAtNanos() > now) {
            return cached.key();
        }
        Optional<Key> key = load(accessKeyId);
        if (cache.size() > 10_000) {
            cache.clear(); // unknown ids must not grow the cache without bound
        }
        cache.put(accessKeyId, new Cached(key, now + ttlNanos));
        return key;
    }

    private Optional<Key> load(String accessKeyId) {
        String sql = "SELECT k.account_id, k.secret_sealed, k.status, a.admin FROM access_key k"
                + " JOIN account a ON a.id = k.account_id WHERE k.id = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accessKeyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Key(
                        accessKeyId,
                        rs.getString(1),
                        cipher.decrypt(rs.getString(2)),
                        "Active".equals(rs.getString(3)),
                        rs.getBoolean(4)));
            }
        } catch (SQLException e) {
            throw new AsmException(AsmError.SERVICE_UNAVAILABLE);
        }
    }

    public AccountView createAccount(String name, boolean admin) {
        String id = randomDigits(16);
        update("INSERT INTO account (id, name, admin) VALUES (?, ?, ?)", id, name, admin);
        return findAccount(id).orElseThrow();
    }

    public Optional<AccountView> findAccount(String id) {
        List<AccountView> found = accounts("WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public Optional<AccountView> findAccountByName(String name) {
        List<AccountView> found = accounts("WHERE name = ?", name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public List<AccountView> listAccounts() {
        return accounts("", null);
    }

    /** A new key for the account: the secret is returned here and never again. */
    public Key createKey(String accountId, String id, String secret) {
        String keyId = id != null ? id : "LTAI" + randomAlphanumeric(20);
        String keySecret = secret != null ? secret : randomAlphanumeric(30);
        update(
                "INSERT INTO access_key (id, account_id, secret_sealed) VALUES (?, ?, ?)",
                keyId,
                accountId,
                cipher.encrypt(keySecret));
        cache.remove(keyId); // a lookup may have cached its absence
        return new Key(keyId, accountId, keySecret, true, false);
    }

    public List<KeyView> listKeys(String accountId) {
        String sql = "SELECT id, account_id, status, created_at FROM access_key"
                + (accountId == null ? "" : " WHERE account_id = ?") + " ORDER BY created_at, id";
        List<KeyView> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (accountId != null) {
                ps.setString(1, accountId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new KeyView(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toString()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return keys;
    }

    /** Sets Active/Inactive; false when there is no such key. Takes effect everywhere within the cache TTL. */
    public boolean setStatus(String accessKeyId, String status) {
        cache.remove(accessKeyId);
        return update("UPDATE access_key SET status = ? WHERE id = ?", status, accessKeyId) == 1;
    }

    public boolean anyAdmin() {
        return !accounts("WHERE admin", null).isEmpty();
    }

    private List<AccountView> accounts(String where, String arg) {
        List<AccountView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, name, admin, created_at FROM account " + where + " ORDER BY created_at, id")) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AccountView(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getBoolean(3),
                            rs.getObject(4, OffsetDateTime.class).toString()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private int update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new AsmException(AsmError.INVALID_PARAMETER, "name", "It is already in use.");
            }
            throw new IllegalStateException(e);
        }
    }

    private String randomAlphanumeric(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }

    private String randomDigits(int n) {
        StringBuilder sb = new StringBuilder(n).append(1 + random.nextInt(9));
        while (sb.length() < n) {
            sb.append(random.nextInt(10));
        }
        return sb.toString();
    }
}
