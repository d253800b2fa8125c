package io.dropline.contracts.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.Test;

class EcdsaProviderTest {

    @Test
    void signsNativelyWhereBoringSslLoadsAndTheJdkAcceptsEverySignature() throws Exception {
        // CI's machines are x86-64 Linux, where Conscrypt ships its library: there the native provider must be chosen.
        if (isX86Linux()) {
            assertThat(EcdsaProvider.forSigning()).as("BoringSSL on x86-64 Linux").isPresent();
        } else {
            assertThat(EcdsaProvider.forSigning().isPresent()).isEqualTo(Conscrypt.isAvailable());
        }

        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        ECDSASigner signer = EcdsaProvider.signer(key, new SecureRandom());
        ECDSAVerifier jdkVerifier = new ECDSAVerifier(key.toECPublicKey());
        Set<String> signatures = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(),
                    new JWTClaimsSet.Builder().subject("cons_" + i).claim("n", i).build());
            jwt.sign(signer);
            SignedJWT parsed = SignedJWT.parse(jwt.serialize());
            assertThat(parsed.verify(jdkVerifier)).as("signature %d verifies with the JDK", i).isTrue();
            assertThat(parsed.getSignature().decode()).hasSize(64);
            signatures.add(parsed.getSignature().toString());
        }
        // ECDSA draws a fresh nonce per signature: a repeated one would give the private key away.
        assertThat(signatures).hasSize(500);
    }

    @Test
    void aSignatureAlteredByOneBitIsRefused() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        ECDSASigner signer = EcdsaProvider.signer(key, new SecureRandom());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(),
                new JWTClaimsSet.Builder().subject("cons_1").build());
        jwt.sign(signer);
        String[] parts = jwt.serialize().split("\\.");
        byte[] signature = jwt.getSignature().decode();
        signature[10] ^= 1;
        SignedJWT altered = SignedJWT.parse(parts[0] + "." + parts[1] + "."
                + Base64URL.encode(signature));
        assertThat(altered.verify(new ECDSAVerifier(key.toECPublicKey()))).isFalse();
    }

    private static boolean isX86Linux() {
        return "amd64".equals(System.getProperty("os.arch")) && "Linux".equals(System.getProperty("os.name"));
    }
}
