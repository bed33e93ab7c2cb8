package dev.keyport.delivery;

import dev.keyport.spi.AwsCredentials;
import dev.keyport.spi.SessionEvent;
import dev.keyport.writer.AwsFileLocations;
import dev.keyport.writer.ProfileCommand;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * The default channel: the keys go to the named profile in the AWS credentials file, the region to the config file
 * (carried out by the credentials writer). What it wrote survives a daemon restart, so an active session picks its
 * credentials up again from the file.
 */
@Singleton
class CredentialsFileDelivery implements CredentialDelivery {
    private final ProfileCommands writer;
    private final String credentialsFile;

    CredentialsFileDelivery(ProfileCommands writer,
                            @ConfigProperty(name = AwsFileLocations.CREDENTIALS_FILE_KEY) Optional<String> credentialsFile,
                            @ConfigProperty(name = AwsFileLocations.CONFIG_FILE_KEY) Optional<String> configFile) {
        this.writer = writer;
        this.credentialsFile = AwsFileLocations.resolve(credentialsFile, configFile).credentialsFile().toString();
    }

    @Override
    public boolean serves(DeliveryMethod method) {
        return method == DeliveryMethod.CREDENTIALS_FILE;
    }

    @Override
    public void deliver(DeliveryTarget target, AwsCredentials credentials, SessionEvent.Kind cause,
                        boolean replaceProfile) {
        writer.send(new ProfileCommand.WriteKeys(cause, target.sessionId(), target.profileName(), target.region(),
                credentials, replaceProfile), target.alias());
    }

    @Override
    public List<String> withdraw(DeliveryTarget target, SessionEvent.Kind cause) {
        return writer.send(new ProfileCommand.Withdraw(cause, target.sessionId(), target.profileName()),
                target.alias()).lines();
    }

    @Override
    public Optional<AwsCredentials> restore(DeliveryTarget target) {
        return writer.send(new ProfileCommand.ReadBack(target.sessionId(), target.profileName()), target.alias())
                .readBack();
    }

    @Override
    public Optional<String> describe(DeliveryTarget target) {
        return Optional.of("profile [" + target.profileName() + "] in " + credentialsFile);
    }
}
