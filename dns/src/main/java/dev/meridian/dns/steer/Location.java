package dev.meridian.dns.steer;

/**
 * A place on Earth with a name for people (a region such as {@code eu-west}).
 *
 * @param region a label for logs and dashboards; steering uses only the coordinates
 */
public record Location(String region, double latitude, double longitude) {

  private static final double EARTH_RADIUS_KM = 6371.0088;

  public Location {
    if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException("location '" + region + "': latitude must be in [-90, 90] and longitude in"
          + " [-180, 180], were " + latitude + ", " + longitude);
    }
  }

  /** Great-circle distance in kilometres (haversine; good to about 0.5 %, plenty to rank PoPs). */
  public double distanceKm(Location other) {
    double phi1 = Math.toRadians(latitude);
    double phi2 = Math.toRadians(other.latitude);
    double dPhi = phi2 - phi1;
    double dLambda = Math.toRadians(other.longitude - longitude);
    double a = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
        + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }
}
