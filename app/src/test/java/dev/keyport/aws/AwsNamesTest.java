package dev.keyport.aws;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwsNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"default", "dev", "prod-admin", "team_a.prod", "org/acct", "a%b", "me@corp", "X9"})
    void acceptsProfileNames(String name) {
        assertEquals(Optional.empty(), AwsNames.profileNameProblem(name), name);
    }

    @Test
    void rejectsEmptyAndNull() {
        assertTrue(AwsNames.profileNameProblem("").orElseThrow().contains("empty"));
        assertTrue(AwsNames.profileNameProblem(null).orElseThrow().contains("empty"));
    }

    @Test
    void namesTheFirstBadCharacterAndListsTheAllowedOnes() {
        String m = AwsNames.profileNameProblem("my profile]").orElseThrow();
        assertTrue(m.contains("a space"), m);
        assertTrue(m.contains("position 3"), m);
        assertTrue(m.contains("_ - . / % @"), m);
        assertTrue(m.contains("letters") && m.contains("digits"), m);

        assertTrue(AwsNames.profileNameProblem("prod]").orElseThrow().contains("']'"));
        assertTrue(AwsNames.profileNameProblem("a\tb").orElseThrow().contains("a tab"));
        assertTrue(AwsNames.profileNameProblem("a\u0001").orElseThrow().contains("U+0001"));
        assertTrue(AwsNames.profileNameProblem("caf\u00e9").orElseThrow().contains("'\u00e9'"));
        assertTrue(AwsNames.profileNameProblem("x;rm").orElseThrow().contains("';'"));
    }

    @Test
    void partitionOfRegion() {
        assertEquals(Optional.of(Partition.AWS), AwsNames.partitionOfRegion("us-east-1"));
        assertEquals(Optional.of(Partition.AWS), AwsNames.partitionOfRegion(" eu-west-3 "));
        assertEquals(Optional.of(Partition.AWS_US_GOV), AwsNames.partitionOfRegion("us-gov-west-1"));
        assertEquals(Optional.of(Partition.AWS_CN), AwsNames.partitionOfRegion("cn-northwest-1"));
        assertEquals(Optional.empty(), AwsNames.partitionOfRegion("us-esat-1"));
        assertEquals(Optional.empty(), AwsNames.partitionOfRegion("US-EAST-1"));
        assertEquals(Optional.empty(), AwsNames.partitionOfRegion("us-iso-east-1"));
        assertEquals(Optional.empty(), AwsNames.partitionOfRegion("aws-global"));
        assertEquals(Optional.empty(), AwsNames.partitionOfRegion(""));
        assertEquals(Optional.empty(), AwsNames.partitionOfRegion(null));
    }
}
