package io.dropline.contracts.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Optional;
import org.conscrypt.Conscrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA provider that makes ES256 signatures: BoringSSL through Conscrypt where its native library loads (Linux,
 * macOS and Windows on x86-64), otherwise the JDK's own (SunEC). Every guest session and every grant costs one
 * signature; on the 2-core machine signing a token took about 145 µs with SunEC and 25 µs with BoringSSL, and
 * SunEC's signing was 37 % of consumer-service's CPU while it created sessions (issue 16, docs/adr/0029). Verifying
 * stays with the JDK: it is off the hot paths (tokens are remembered at issuance) and one provider fewer to trust.
 *
 * <p>Chosen once per process. The native provider is used only after a signature it made was checked by the JDK's;
 * where it cannot load, or {@code -Ddropline.signing.provider=jdk} is set, signing works as before, only slower.
 */
final class EcdsaProvider {

    static final String PROPERTY = "dropline.signing.provider";
    private static final Logger log = LoggerFactory.getLogger(EcdsaProvider.class);
    private static final Optional<Provider> NATIVE = load();

    private EcdsaProvider() {
    }

    /** The native provider, or empty for the JDK's. */
    static Optional<Provider> forSigning() {
        return NATIVE;
    }

    /** Chooses the provider now (loading the native library), if it has not been chosen yet; for start-up code. */
    static void choose() {
        forSigning();
    }

    private static Optional<Provider> load() {
        if ("jdk".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            log.info("ES256 signatures are made by the JDK ({}=jdk)", PROPERTY);
            return Optional.empty();
        }
        try {
            // Throws, saying why, where the native library cannot load (another platform, no writable temp dir).
            Conscrypt.checkAvailability();
            Provider provider = Conscrypt.newProvider();
            checkedByJdk(provider);
            log.info("ES256 signatures are made by BoringSSL ({} {})", provider.getName(), provider.getVersionStr());
            return Optional.of(provider);
        } catch (Exception | LinkageError unavailable) {
            log.warn("ES256 signatures are made by the JDK: BoringSSL (Conscrypt) could not be used ({})", unavailable.toString());
            return Optional.empty();
        }
    }

    /**
     * A signer for the key's private half, by the native provider when there is one. Its key is then the provider's
     * own key object: handed the JDK's, BoringSSL converted it on every signature (about 20 of the 45 µs one took,
     * measured through nimbus on this machine).
     */
    static ECDSASigner signer(ECKey key, SecureRandom random) throws JOSEException {
        if (NATIVE.isPresent()) {
            try {
                ECDSASigner signer = new ECDSASigner(ownKey(key.toECPrivateKey(), NATIVE.get()), Curve.P_256);
                signer.getJCAContext().setProvider(NATIVE.get());
                signer.getJCAContext().setSecureRandom(random);
                return signer;
            } catch (GeneralSecurityException unconvertible) {
                // The self-check converted a key of the same curve, so this is not expected; the JDK signs instead.
                log.warn("Key {} is signed for by the JDK: BoringSSL could not take it ({})", key.getKeyID(),
                        unconvertible.toString());
            }
        }
        ECDSASigner signer = new ECDSASigner(key);
        signer.getJCAContext().setSecureRandom(random);
        return signer;
    }

    private static PrivateKey ownKey(PrivateKey key, Provider provider) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC", provider).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
    }

    /** One signature by the provider, over a throw-away key, that the JDK's verifier must accept. */
    private static void checkedByJdk(Provider provider) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        byte[] message = "dropline es256 self-check".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA", provider);
        signer.initSign(ownKey(pair.getPrivate(), provider));
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pair.getPublic());
        verifier.update(message);
        if (!verifier.verify(signature)) {
            throw new IllegalStateException("a signature by " + provider.getName() + " failed the JDK's check");
        }
    }
}
