package io.dropline.contracts.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import reactor.core.publisher.Flux;

/**
 * A Lua script read once from the classpath and run by its SHA (one small request), falling back to its body once
 * after Redis lost its script cache (a restart or {@code SCRIPT FLUSH}); the EVAL loads it again for the next calls.
 */
public final class LuaScript {

    private final String body;
    private final String sha;

    private LuaScript(String body) {
        this.body = body;
        this.sha = sha1(body);
    }

    /** The script at this classpath path, for example {@code line/join.lua}. */
    public static LuaScript load(String path) {
        try (InputStream in = LuaScript.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("Missing script " + path);
            }
            return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** What Redis replies, as Lettuce emits it for {@code type} (a MULTI reply comes as one list). */
    public <T> Flux<T> run(RedisReactiveCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        return redis.<T>evalsha(sha, type, keys, args)
                .onErrorResume(RedisNoScriptException.class, missing -> redis.<T>eval(body, type, keys, args));
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
