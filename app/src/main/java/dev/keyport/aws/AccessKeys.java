package dev.keyport.aws;

/**
 * Access key ids as logs show them: the first four characters (the kind: ASIA temporary, AKIA long-term) and the last
 * four, as aws-vault does ({@code ASIA****ABCD}). Enough to match a log line with CloudTrail, too little to use. The
 * secret key and session token are never logged at all.
 */
public final class AccessKeys {
    private AccessKeys() {
    }

    public static String masked(String accessKeyId) {
        if (accessKeyId == null) {
            return "(none)";
        }
        if (accessKeyId.length() < 12) {
            return "****";
        }
        return accessKeyId.substring(0, 4) + "****" + accessKeyId.substring(accessKeyId.length() - 4);
    }
}
