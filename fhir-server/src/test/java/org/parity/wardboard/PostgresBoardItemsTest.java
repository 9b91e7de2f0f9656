package org.parity.wardboard;

import org.parity.support.PostgresServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The ward board's read model on PostgreSQL, the production database. */
class PostgresBoardItemsTest extends PostgresServerTest implements BoardItemsSuite {

  @Autowired
  ApplicationContext context;

  @Override
  public ApplicationContext context() {
    return context;
  }
}
