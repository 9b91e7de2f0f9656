package org.parity.ward;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The ward UI's static files live in module ward-ui under META-INF/resources/ward/. */
@Configuration
public class WardUiRoutes implements WebMvcConfigurer {

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/", "/ward/");
    registry.addRedirectViewController("/ward", "/ward/");
    registry.addViewController("/ward/").setViewName("forward:/ward/index.html");
  }
}
