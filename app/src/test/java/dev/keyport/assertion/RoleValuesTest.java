package dev.keyport.assertion;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.keyport.testkit.SamlFixtures.IDP_A;
import static dev.keyport.testkit.SamlFixtures.ROLE_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoleValuesTest {
    private static final RolePair PAIR = new RolePair(ROLE_A, IDP_A);

    @Test
    void classifiesByContentInEitherOrder() {
        assertEquals(Optional.of(PAIR), RoleValues.parse(ROLE_A + "," + IDP_A).pair());
        assertEquals(Optional.of(PAIR), RoleValues.parse(IDP_A + "," + ROLE_A).pair());
        assertEquals(Optional.of(PAIR), RoleValues.parse("\n  " + IDP_A + " , " + ROLE_A + " ,,\n").pair());
    }

    @Test
    void skipsWhatIsNotExactlyOneRoleAndOneProvider() {
        assertTrue(RoleValues.parse("Default").skipReason().contains("no role ARN"));
        assertTrue(RoleValues.parse(null).skipReason().contains("empty"));
        assertTrue(RoleValues.parse(ROLE_A).skipReason().contains("1 role ARN(s) and 0"));
        assertTrue(RoleValues.parse(ROLE_A + "," + IDP_A + "," + ROLE_A + "," + IDP_A).skipReason()
                .contains("2 role ARN(s) and 2"));
        assertTrue(RoleValues.parse(ROLE_A + "," + IDP_A + ",Default").skipReason().contains("3 comma-separated"));
        assertTrue(RoleValues.parse("arn:aws:iam::12:role/X," + IDP_A).skipReason().contains("malformed"));
        assertTrue(RoleValues.parse("arn:aws:sts::123456789012:assumed-role/X:role/Y," + IDP_A).skipReason()
                .contains("not an IAM role ARN"));
        assertTrue(RoleValues.parse(ROLE_A + ",arn:aws-cn:iam::123456789012:saml-provider/P").skipReason()
                .contains("different partitions"));
    }
}
