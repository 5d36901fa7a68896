# Reference values for evidence.integration.gaps and gap_variance: the migrant - host
# difference of a mean and of a proportion, with its design-based SE from svycontrast (which
# uses the full covariance of the two domain estimates, svyby(covmat = TRUE)), and of a ratio
# of totals (svyratio by group). Case "strata": the groups are sampled in distinct strata
# (covariance 0); case "shared": both groups in every PSU (covariance not 0).
# Run from this folder: Rscript gap_reference.R  (R survey 4.1.1)
library(survey)

rows <- expand.grid(k = 1:4, j = 1:3, i = 1:8)
data <- data.frame(
  stratum = paste0("s", rows$i),
  psu = paste0("s", rows$i, "p", rows$j),
  group = ifelse(rows$i <= 4, "host", "migrant"),
  weight = 10 + rows$i + 2 * rows$j,
  fpc = 10,
  y = (rows$i * 37 + rows$j * 11 + rows$k * 7) %% 17 + ifelse(rows$i > 4, 3, 0),
  b = as.integer((rows$i * 5 + rows$j * 3 + rows$k) %% 3 == 0),
  shared_group = ifelse((rows$i + rows$j + rows$k) %% 2 == 0, "host", "migrant"),
  children = (rows$i + rows$k) %% 4 + 1
)
data$enrolled <- pmin(data$children, (rows$i * 3 + rows$k) %% 4)
data$y[c(5, 40)] <- NA  # missing answers leave the domain (na.rm = TRUE)
write.csv(data, "gap_data.csv", row.names = FALSE, na = "")

design <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~fpc, data = data)
out <- NULL
for (case in c("strata", "shared")) {
  group <- if (case == "strata") ~group else ~shared_group
  for (v in c("y", "b")) {
    # Rows missing the variable leave the domain: subset() keeps the full design (strata,
    # PSUs, fpc), R's domain estimation, as evidence.survey treats missing values.
    observed <- subset(design, !is.na(data[[v]]))
    by_group <- svyby(as.formula(paste0("~", v)), group, observed, svymean, covmat = TRUE)
    gap <- svycontrast(by_group, c(host = -1, migrant = 1))
    out <- rbind(out, data.frame(
      case = case, variable = v,
      host = coef(by_group)[["host"]], migrant = coef(by_group)[["migrant"]],
      gap = as.numeric(coef(gap)), gap_se = as.numeric(SE(gap)),
      covariance = vcov(by_group)["host", "migrant"]
    ))
  }
  by_group <- svyby(~enrolled, group, design, svyratio, denominator = ~children, covmat = TRUE)
  gap <- svycontrast(by_group, c(-1, 1))
  out <- rbind(out, data.frame(
    case = case, variable = "enrolled/children",
    host = coef(by_group)[[1]], migrant = coef(by_group)[[2]],
    gap = as.numeric(coef(gap)), gap_se = as.numeric(SE(gap)),
    covariance = vcov(by_group)[1, 2]
  ))
}
write.csv(out, "gap_results.csv", row.names = FALSE)
