package dev.keyport.aws;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionTest {

    @Test
    void fromId() {
        assertEquals(Optional.of(Partition.AWS), Partition.fromId("aws"));
        assertEquals(Optional.of(Partition.AWS_US_GOV), Partition.fromId("aws-us-gov"));
        assertEquals(Optional.of(Partition.AWS_CN), Partition.fromId("aws-cn"));
        assertEquals(Optional.empty(), Partition.fromId("aws-iso"));
        assertEquals(Optional.empty(), Partition.fromId("AWS"));
        assertEquals(Optional.empty(), Partition.fromId(null));
    }

    @ParameterizedTest
    @CsvSource({
            "https://signin.aws.amazon.com/saml, aws,",
            "https://signin.aws.amazon.com/saml/, aws,",
            "https://SIGNIN.AWS.Amazon.COM/saml?x=1, aws,",
            "https://signin.aws.amazon.com/saml#frag, aws,",
            "https://signin.aws.amazon.com:443/saml, aws,",
            "https://signin.aws.amazon.com/saml/acs/SAMLSP4SHN3UIS2D558H46, aws,",
            "https://eu-west-1.signin.aws.amazon.com/saml, aws, eu-west-1",
            "https://AP-Southeast-2.signin.aws.amazon.com/saml/, aws, ap-southeast-2",
            "https://signin.amazonaws-us-gov.com/saml, aws-us-gov,",
            "https://us-gov-east-1.signin.amazonaws-us-gov.com/saml, aws-us-gov, us-gov-east-1",
            "https://signin.amazonaws.cn/saml, aws-cn,",
            "https://signin.amazonaws.cn/saml?SAMLRequest=abc, aws-cn,",
    })
    void recognisesAcsUrls(String url, String partition, String region) {
        Optional<Partition.AcsEndpoint> acs = Partition.ofAcsUrl(url);
        assertTrue(acs.isPresent(), url);
        assertEquals(partition, acs.get().partition().id(), url);
        assertEquals(Optional.ofNullable(region), acs.get().region(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://signin.aws.amazon.com/saml", "https://signin.aws.amazon.com/", "",
            "https://signin.aws.amazon.com/federation", "https://evil.example/saml",
            "https://signin.aws.amazon.com.evil.example/saml", "https://evilsignin.aws.amazon.com/saml",
            "https://signin.aws.amazon.com:8443/saml", "https://user@signin.aws.amazon.com/saml",
            "https://cn-north-1.signin.aws.amazon.com/saml", "https://bad_host.signin.aws.amazon.com/saml",
            "not a url at all", "urn:amazon:webservices"})
    void rejectsOtherUrls(String url) {
        assertEquals(Optional.empty(), Partition.ofAcsUrl(url), url);
    }

    @Test
    void nullAcsUrl() {
        assertEquals(Optional.empty(), Partition.ofAcsUrl(null));
    }

    @Test
    void containsRegion() {
        assertTrue(Partition.AWS.containsRegion("us-east-1"));
        assertTrue(Partition.AWS.containsRegion("eu-central-1"));
        assertFalse(Partition.AWS.containsRegion("us-gov-west-1"));
        assertTrue(Partition.AWS_US_GOV.containsRegion("us-gov-west-1"));
        assertTrue(Partition.AWS_US_GOV.containsRegion("us-gov-east-1"));
        assertFalse(Partition.AWS_US_GOV.containsRegion("us-east-1"));
        assertTrue(Partition.AWS_CN.containsRegion("cn-north-1"));
        assertTrue(Partition.AWS_CN.containsRegion("cn-northwest-1"));
        assertFalse(Partition.AWS_CN.containsRegion("eu-west-1"));
        assertFalse(Partition.AWS.containsRegion("xx-nowhere-9"));
        assertFalse(Partition.AWS.containsRegion(""));
        assertFalse(Partition.AWS.containsRegion(null));
    }

    @Test
    void stsHosts() {
        assertEquals("sts.us-east-1.amazonaws.com", Partition.AWS.stsHost(null));
        assertEquals("sts.eu-west-1.amazonaws.com", Partition.AWS.stsHost("eu-west-1"));
        assertEquals("sts.us-gov-west-1.amazonaws.com", Partition.AWS_US_GOV.stsHost(""));
        assertEquals("sts.us-gov-east-1.amazonaws.com", Partition.AWS_US_GOV.stsHost("us-gov-east-1"));
        assertEquals("sts.cn-north-1.amazonaws.com.cn", Partition.AWS_CN.stsHost(null));
        assertEquals("sts.cn-northwest-1.amazonaws.com.cn", Partition.AWS_CN.stsHost("cn-northwest-1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Partition.AWS_CN.stsHost("us-east-1"));
        assertTrue(e.getMessage().contains("partition aws") && e.getMessage().contains("aws-cn"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Partition.AWS.stsHost("not a region"));
    }

    @Test
    void acsUrlsAndDefaultRegionsAreConsistent() {
        for (Partition p : Partition.values()) {
            assertEquals(Optional.of(new Partition.AcsEndpoint(p, Optional.empty())), Partition.ofAcsUrl(p.acsUrl()));
            assertTrue(p.containsRegion(p.defaultRegion()), p.id());
        }
    }
}
