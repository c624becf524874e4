package io.postbox.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.KeyStoreOptionsBase;
import io.vertx.core.net.PfxOptions;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The Hazelcast and event-bus configuration of a clustered node (SPEC §21.1 {@code cluster.*}, §24). */
final class ClusterSettings {
  private ClusterSettings() {
  }

  /**
   * The clustered event bus binds and announces {@code cluster.host}; with {@code cluster.tls} (SPEC §24) every
   * connection between nodes is TLS and each side must present a certificate the shared truststore trusts, so a host
   * without the cluster's key can neither send nor receive. Node certificates are checked against the truststore, not
   * against host names (Vert.x does not verify host names on the event bus).
   */
  static EventBusOptions eventBusOptions(JsonObject config) {
    JsonObject cluster = config.getJsonObject("cluster");
    String host = cluster.getString("host");
    EventBusOptions options = new EventBusOptions().setHost(host).setClusterPublicHost(host);
    if (!cluster.getBoolean("tls", true)) {
      return options;
    }
    return options.setSsl(true)
        .setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(store(cluster.getString("keyStore"), cluster.getString("keyStorePassword")))
        .setTrustOptions(store(cluster.getString("trustStore"), cluster.getString("trustStorePassword")));
  }

  /** A PKCS12 store, or a JKS one when the file name ends in {@code .jks}. */
  private static KeyStoreOptionsBase store(String path, String password) {
    return path.toLowerCase(Locale.ROOT).endsWith(".jks")
        ? new JksOptions().setPath(path).setPassword(password)
        : new PfxOptions().setPath(path).setPassword(password);
  }

  static Config hazelcastConfig(JsonObject config) {
    JsonObject cluster = config.getJsonObject("cluster");
    String customFile = cluster.getString("hazelcastConfig");
    if (customFile != null) {
      try {
        return new FileSystemXmlConfig(customFile);
      } catch (FileNotFoundException e) {
        throw new Settings.InvalidSettingException("cluster.hazelcastConfig: no file " + customFile);
      }
    }
    Config hazelcast = builtIn();
    String host = cluster.getString("host");
    List<String> members = cluster.getJsonArray("members").stream().map(String::valueOf).toList();
    hazelcast.setClusterName(cluster.getString("name"));
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.getJoin().getTcpIpConfig().setEnabled(true).setMembers(members);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
    network.setPublicAddress(host);
    hazelcast.setProperty("hazelcast.local.localAddress", host);
    // Hazelcast's open-source edition has no TLS: it listens on cluster.host only, never on every interface
    hazelcast.setProperty("hazelcast.socket.bind.any", "false");
    return hazelcast;
  }

  private static Config builtIn() {
    Path file = Path.of("conf/cluster.xml");
    try (InputStream in = Files.exists(file) ? Files.newInputStream(file)
        : ClusterSettings.class.getClassLoader().getResourceAsStream("cluster.xml")) {
      return new XmlConfigBuilder(in).build();
    } catch (java.io.IOException e) {
      throw new Settings.InvalidSettingException("cannot read the built-in Hazelcast configuration: " + e.getMessage());
    }
  }
}
