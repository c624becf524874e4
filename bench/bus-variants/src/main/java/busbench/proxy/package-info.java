@ModuleGen(name = "busbench-proxy", groupPackage = "busbench.proxy")
package busbench.proxy;

import io.vertx.codegen.annotations.ModuleGen;
