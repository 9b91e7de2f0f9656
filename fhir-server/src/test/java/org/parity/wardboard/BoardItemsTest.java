package org.parity.wardboard;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import javax.sql.DataSource;
import org.parity.support.H2ServerTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;

/** The ward board's read model on H2, the embedded default. */
class BoardItemsTest extends H2ServerTest implements BoardItemsSuite {

  @Autowired
  BoardItems boardItems;

  @Autowired
  BoardItemRebuild boardItemRebuild;

  @Autowired
  DataSource dataSource;

  @Autowired
  DaoRegistry daos;

  @Autowired
  PlatformTransactionManager transactions;

  @Override
  public FhirContext fhirContext() {
    return fhirContext;
  }

  @Override
  public BoardItems boardItems() {
    return boardItems;
  }

  @Override
  public BoardItemRebuild boardItemRebuild() {
    return boardItemRebuild;
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public DaoRegistry daos() {
    return daos;
  }

  @Override
  public PlatformTransactionManager transactions() {
    return transactions;
  }
}
