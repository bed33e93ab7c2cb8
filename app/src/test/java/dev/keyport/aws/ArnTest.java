package dev.keyport.aws;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArnTest {

    @ParameterizedTest
    @ValueSource(strings = {"aws", "aws-us-gov", "aws-cn"})
    void parsesRoleAndProviderArnsInEveryPartition(String partition) {
        Arn role = Arn.parse("  arn:" + partition + ":iam::123456789012:role/MyRole\n");
        assertEquals(partition, role.partition());
        assertEquals("iam", role.service());
        assertEquals("", role.region());
        assertEquals("123456789012", role.accountId());
        assertEquals("role/MyRole", role.resource());
        assertTrue(role.isRole());
        assertFalse(role.isSamlProvider());
        assertEquals("arn:" + partition + ":iam::123456789012:role/MyRole", role.toString());
        assertEquals(Partition.fromId(partition), role.knownPartition());

        Arn provider = Arn.parse("arn:" + partition + ":iam::123456789012:saml-provider/Okta");
        assertTrue(provider.isSamlProvider());
        assertFalse(provider.isRole());
        assertEquals("saml-provider/Okta", provider.resource());
    }

    @ParameterizedTest
    @ValueSource(strings = {"role/path/to/Name", "role/SSO.AdminRole", "role/a+b=c,d.e@f_g-h", "role/x/y"})
    void roleNamesWithPathsAndPunctuationAreRoles(String resource) {
        assertTrue(Arn.parse("arn:aws:iam::123456789012:" + resource).isRole(), resource);
    }

    @ParameterizedTest
    @ValueSource(strings = {"role/", "role/a//b", "role/bad#name", "user/Bob", "roles/Admin",
            "role/" + "n123456789n123456789n123456789n123456789n123456789n123456789n12345"})
    void otherResourcesAreNotRoles(String resource) {
        assertFalse(Arn.parse("arn:aws:iam::123456789012:" + resource).isRole(), resource);
    }

    @Test
    void nonIamServiceIsNeitherRoleNorProvider() {
        Arn s3 = Arn.parse("arn:aws:s3:::my-bucket");
        assertEquals("s3", s3.service());
        assertFalse(s3.isRole());
        assertFalse(s3.isSamlProvider());
        assertFalse(Arn.parse("arn:aws:sts::123456789012:role/Admin").isRole());
        assertFalse(Arn.parse("arn:aws:iam::123456789012:saml-provider/a/b").isSamlProvider());
    }

    private static String failure(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Arn.parse(text));
        assertTrue(e.getMessage().contains("arn:aws:iam::123456789012:role/MyRole"),
                "message shows an example: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void rejectsUnknownPartitionNamingTheKnownOnes() {
        String m = failure("arn:aws-iso:iam::123456789012:role/MyRole");
        assertTrue(m.contains("'aws-iso'"), m);
        assertTrue(m.contains("aws, aws-us-gov, aws-cn"), m);
    }

    @Test
    void rejectsShortAndNonNumericAccounts() {
        String m = failure("arn:aws:iam::12345:role/MyRole");
        assertTrue(m.contains("'12345'") && m.contains("12 digits"), m);
        assertTrue(failure("arn:aws:iam::12345678901a:role/MyRole").contains("12 digits"));
        assertTrue(failure("arn:aws:iam:::role/MyRole").contains("12 digits"));
    }

    @Test
    void rejectsRegionAndAccountSwapped() {
        String m = failure("arn:aws:iam:123456789012::role/MyRole");
        assertTrue(m.contains("empty region"), m);
        assertTrue(m.contains("two colons"), m);
    }

    @Test
    void rejectsAnIamArnWithARegion() {
        String m = failure("arn:aws:iam:us-east-1:123456789012:role/MyRole");
        assertTrue(m.contains("'us-east-1'") && m.contains("empty region"), m);
    }

    @Test
    void rejectsAPastedRoleProviderPair() {
        String m = failure("arn:aws:iam::123456789012:role/R,arn:aws:iam::123456789012:saml-provider/P");
        assertTrue(m.contains("two ARNs joined by a comma"), m);
    }

    @Test
    void rejectsGarbage() {
        assertTrue(failure("").contains("required"));
        assertTrue(failure(null).contains("required"));
        assertTrue(failure("hello").contains("must start with 'arn:'"));
        assertTrue(failure("ARN:aws:iam::123456789012:role/MyRole").contains("must start with 'arn:'"));
        assertTrue(failure("arn:aws:iam::123456789012").contains("6"));
        assertTrue(failure("arn:aws:iam::123456789012:").contains("no resource"));
        assertTrue(failure("arn:aws:IAM::123456789012:role/X").contains("invalid service 'IAM'"));
        assertTrue(failure("arn:aws:iam::123456789012:role/My Role").contains("whitespace"));
    }

    @Test
    void wrongServiceParsesButIsNotARole() {
        Arn arn = Arn.parse("arn:aws:sso::123456789012:role/MyRole");
        assertEquals("sso", arn.service());
        assertFalse(arn.isRole());
    }
}
