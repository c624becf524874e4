package busbench.proxy;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.serviceproxy.ServiceProxyBuilder;

@ProxyGen
public interface DispatchService {
  String ADDRESS = "proxy.dispatch";

  static DispatchService client(Vertx vertx) {
    return new ServiceProxyBuilder(vertx).setAddress(ADDRESS).build(DispatchService.class);
  }

  Future<SendResult> send(SendCommand command);
}
