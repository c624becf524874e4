package busbench.proxy;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.serviceproxy.ServiceProxyBuilder;

@ProxyGen
public interface EmailStoreService {
  String ADDRESS = "proxy.store.emails";

  static EmailStoreService client(Vertx vertx) {
    return new ServiceProxyBuilder(vertx).setAddress(ADDRESS).build(EmailStoreService.class);
  }

  Future<EmailCreated> create(CreateEmail request);

  Future<StatusChange> accept(AcceptEmail request);
}
