package org.parity.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;

/** A well-formed signed token, for tests where only the key lookup matters. */
final class TokenDecoderTestTokens {

  private TokenDecoderTestTokens() {}

  static String wellFormed() throws Exception {
    var key = new RSAKeyGenerator(2048).keyID("k").generate();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(),
        new JWTClaimsSet.Builder().subject("s").expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
