package dev.keyport.writer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The region a new session takes when it names none: the [default] profile's, as the AWS CLI would use. */
class DefaultProfileTest extends ProfileFilesFixture {

    @Test
    void theDefaultProfilesRegion() throws IOException {
        seed("", FOREIGN_CONFIG);
        assertEquals(Optional.of("us-east-1"), DefaultProfile.region(config()));
        Files.writeString(config(), "[profile default]\r\nregion = ap-south-1\r\n");
        assertEquals(Optional.of("ap-south-1"), DefaultProfile.region(config()));
    }

    @Test
    void nothingWhenThereIsNoneOrNoFile() throws IOException {
        assertEquals(Optional.empty(), DefaultProfile.region(config()), "no file");
        seed("", "[profile work]\nregion = eu-west-3\n[default]\noutput = json\n");
        assertEquals(Optional.empty(), DefaultProfile.region(config()));
    }
}
