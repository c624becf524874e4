package io.postbox.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.XmlConfigBuilder;
import io.vertx.core.json.JsonObject;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Hazelcast configuration of a clustered node (SPEC §21.1 {@code cluster.*}). */
final class ClusterSettings {
  private ClusterSettings() {
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
