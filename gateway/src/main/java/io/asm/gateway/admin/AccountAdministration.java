package io.asm.gateway.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.asm.common.error.AsmError;
import io.asm.common.error.AsmException;
import io.asm.gateway.auth.AccessKeys;
import io.asm.gateway.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * The extension actions (not part of Alibaba's API) through which an administrator manages accounts and keys,
 * signed like any other call. Only keys of admin accounts may use them.
 */
@ApplicationScoped
public class AccountAdministration {

    @Inject
    AccessKeys keys;

    @Inject
    ObjectMapper json;

    public ObjectNode handle(String action, Map<String, Object> params, Caller caller) {
        if (!caller.admin()) {
            throw new AsmException(AsmError.FORBIDDEN, "Only administrator AccessKeys may call " + action + ".");
        }
        ObjectNode out = json.createObjectNode();
        switch (action) {
            case "CreateAccount" -> {
                String name = (String) params.get("AccountName"); // its format is the catalogue's
                out.set(
                        "Account",
                        json.valueToTree(view(keys.createAccount(name, Boolean.TRUE.equals(params.get("Admin"))))));
            }
            case "DescribeAccounts" ->
                out.set(
                        "Accounts",
                        json.valueToTree(
                                keys.listAccounts().stream().map(this::view).toList()));
            case "CreateAccessKey" -> {
                String accountId = (String) params.get("AccountId");
                keys.findAccount(accountId).orElseThrow(() -> new AsmException(AsmError.ACCOUNT_NOT_FOUND));
                AccessKeys.Key key = keys.createKey(accountId, null, null);
                ObjectNode k = out.putObject("AccessKey");
                k.put("AccessKeyId", key.id());
                k.put("AccessKeySecret", key.secret());
                k.put("AccountId", accountId);
                k.put("Status", "Active");
            }
            case "DescribeAccessKeys" ->
                out.set(
                        "AccessKeys",
                        json.valueToTree(keys.listKeys((String) params.get("AccountId")).stream()
                                .map(k -> Map.of(
                                        "AccessKeyId",
                                        k.accessKeyId(),
                                        "AccountId",
                                        k.accountId(),
                                        "Status",
                                        k.status(),
                                        "CreateTime",
                                        k.createTime()))
                                .toList()));
            case "UpdateAccessKey" -> {
                String id = (String) params.get("UserAccessKeyId");
                String status = (String) params.get("Status"); // Active or Inactive, by the catalogue
                if (id.equals(caller.accessKeyId()) && status.equals("Inactive")) {
                    throw new AsmException(
                            AsmError.INVALID_PARAMETER, "UserAccessKeyId", "A key cannot disable itself.");
                }
                if (!keys.setStatus(id, status)) {
                    throw new AsmException(AsmError.ACCESS_KEY_NOT_FOUND);
                }
                out.put("AccessKeyId", id);
                out.put("Status", status);
            }
            default -> throw new AsmException(AsmError.ACTION_NOT_FOUND);
        }
        return out;
    }

    private Map<String, Object> view(AccessKeys.AccountView a) {
        return Map.of(
                "AccountId",
                a.accountId(),
                "AccountName",
                a.accountName(),
                "Admin",
                a.admin(),
                "CreateTime",
                a.createTime());
    }
}
