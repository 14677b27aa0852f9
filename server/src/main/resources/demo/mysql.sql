-- DatabaseAI demo: a network-management database (MySQL / MariaDB).
-- Same schema and rows as postgres.sql. Load it with: mysql -u USER -p DATABASE < mysql.sql
CREATE TABLE device_type (
  id INTEGER PRIMARY KEY,
  model VARCHAR(60) NOT NULL,
  vendor VARCHAR(60) NOT NULL,
  category VARCHAR(20) NOT NULL CHECK (category IN ('router', 'switch', 'firewall', 'access_point'))
) ENGINE=InnoDB COMMENT='Hardware models the network uses';

CREATE TABLE location (
  id INTEGER PRIMARY KEY,
  name VARCHAR(80) NOT NULL,
  city VARCHAR(60) NOT NULL,
  country_code CHAR(2) NOT NULL COMMENT 'ISO 3166-1 alpha-2 country code',
  site_code VARCHAR(10) NOT NULL UNIQUE
) ENGINE=InnoDB COMMENT='Data centres, offices and points of presence';

CREATE TABLE device_status (
  id INTEGER PRIMARY KEY,
  code VARCHAR(20) NOT NULL UNIQUE,
  description VARCHAR(120) NOT NULL
) ENGINE=InnoDB COMMENT='Operational states: up, down (offline), maintenance, decommissioned';

CREATE TABLE device (
  id INTEGER PRIMARY KEY,
  hostname VARCHAR(60) NOT NULL UNIQUE,
  ip_address VARCHAR(45) NOT NULL,
  serial_number VARCHAR(40) NOT NULL,
  device_type_id INTEGER NOT NULL,
  location_id INTEGER NOT NULL,
  status_id INTEGER NOT NULL,
  installed_on DATE NOT NULL,
  last_seen_at DATETIME NOT NULL COMMENT 'Last successful poll by the monitoring system (UTC)',
  firmware_version VARCHAR(30) NOT NULL,
  FOREIGN KEY (device_type_id) REFERENCES device_type (id),
  FOREIGN KEY (location_id) REFERENCES location (id),
  FOREIGN KEY (status_id) REFERENCES device_status (id)
) ENGINE=InnoDB COMMENT='Managed network devices';

CREATE TABLE interface (
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL,
  name VARCHAR(40) NOT NULL,
  speed_mbps INTEGER NOT NULL,
  mac_address VARCHAR(17) NOT NULL,
  admin_up BOOLEAN NOT NULL,
  oper_up BOOLEAN NOT NULL,
  UNIQUE (device_id, name),
  FOREIGN KEY (device_id) REFERENCES device (id)
) ENGINE=InnoDB COMMENT='Physical ports of devices';

CREATE TABLE link (
  id INTEGER PRIMARY KEY,
  a_interface_id INTEGER NOT NULL,
  b_interface_id INTEGER NOT NULL,
  circuit_id VARCHAR(20) NOT NULL,
  capacity_mbps INTEGER NOT NULL,
  established_on DATE NOT NULL,
  FOREIGN KEY (a_interface_id) REFERENCES interface (id),
  FOREIGN KEY (b_interface_id) REFERENCES interface (id)
) ENGINE=InnoDB COMMENT='Cables or circuits joining two interfaces';

CREATE TABLE maintenance_window (
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL,
  starts_at DATETIME NOT NULL,
  ends_at DATETIME NOT NULL,
  technician VARCHAR(60) NOT NULL,
  description VARCHAR(200) NOT NULL,
  completed BOOLEAN NOT NULL,
  FOREIGN KEY (device_id) REFERENCES device (id)
) ENGINE=InnoDB COMMENT='Planned work on a device';

CREATE TABLE alert (
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL,
  severity VARCHAR(10) NOT NULL CHECK (severity IN ('critical', 'major', 'minor', 'warning')),
  message VARCHAR(200) NOT NULL,
  raised_at DATETIME NOT NULL,
  cleared_at DATETIME,
  FOREIGN KEY (device_id) REFERENCES device (id)
) ENGINE=InnoDB COMMENT='Monitoring alerts; cleared_at is NULL while the alert is open';

INSERT INTO device_type (id, model, vendor, category) VALUES
  (1, 'ISR 4451', 'Cisco', 'router'),
  (2, 'MX204', 'Juniper', 'router'),
  (3, 'Catalyst 9300', 'Cisco', 'switch'),
  (4, 'EX4300', 'Juniper', 'switch'),
  (5, 'FortiGate 100F', 'Fortinet', 'firewall'),
  (6, 'PA-440', 'Palo Alto Networks', 'firewall'),
  (7, 'Aruba AP-515', 'HPE Aruba', 'access_point'),
  (8, 'Nexus 93180', 'Cisco', 'switch');

INSERT INTO location (id, name, city, country_code, site_code) VALUES
  (1, 'Amsterdam DC1', 'Amsterdam', 'NL', 'AMS1'),
  (2, 'Frankfurt DC2', 'Frankfurt', 'DE', 'FRA2'),
  (3, 'London Office', 'London', 'GB', 'LON1'),
  (4, 'Paris Office', 'Paris', 'FR', 'PAR1'),
  (5, 'New York POP', 'New York', 'US', 'NYC1'),
  (6, 'Singapore POP', 'Singapore', 'SG', 'SIN1');

INSERT INTO device_status (id, code, description) VALUES
  (1, 'up', 'Reachable and passing traffic'),
  (2, 'down', 'Not reachable from the monitoring system'),
  (3, 'maintenance', 'In a planned maintenance window'),
  (4, 'decommissioned', 'Removed from service, kept for records');

INSERT INTO device (id, hostname, ip_address, serial_number, device_type_id, location_id, status_id, installed_on, last_seen_at, firmware_version) VALUES
  (1, 'rtr-ams1-01', '10.1.0.1', 'CI439563', 1, 1, 1, '2020-09-09', '2026-11-26 09:41:00', '10.3.1'),
  (2, 'rtr-ams1-02', '10.1.0.2', 'JU150631', 2, 1, 1, '2019-10-24', '2026-11-26 10:17:00', '22.4R3'),
  (3, 'sw-ams1-01', '10.1.10.1', 'CI483452', 8, 1, 1, '2025-07-15', '2026-11-26 08:14:00', '10.3.1'),
  (4, 'sw-ams1-02', '10.1.10.2', 'CI325127', 8, 1, 2, '2019-06-03', '2026-11-20 11:00:00', '17.12.2'),
  (5, 'fw-ams1-01', '10.1.20.1', 'FO538485', 5, 1, 1, '2019-10-14', '2026-11-26 09:01:00', '7.2.8'),
  (6, 'rtr-fra2-01', '10.2.0.1', 'JU677814', 2, 2, 1, '2023-10-05', '2026-11-26 08:15:00', '22.4R3'),
  (7, 'sw-fra2-01', '10.2.10.1', 'CI334083', 8, 2, 1, '2025-07-15', '2026-11-26 08:15:00', '10.3.1'),
  (8, 'sw-fra2-02', '10.2.10.2', 'CI713984', 3, 2, 3, '2023-06-13', '2026-11-26 08:12:00', '17.9.4'),
  (9, 'fw-fra2-01', '10.2.20.1', 'PA148845', 6, 2, 1, '2025-03-30', '2026-11-26 08:34:00', '11.1.2'),
  (10, 'rtr-lon1-01', '10.3.0.1', 'CI539499', 1, 3, 1, '2020-08-13', '2026-11-26 10:18:00', '17.9.4'),
  (11, 'sw-lon1-01', '10.3.10.1', 'CI698646', 3, 3, 1, '2022-06-17', '2026-11-26 10:23:00', '10.3.1'),
  (12, 'ap-lon1-01', '10.3.30.1', 'HP289505', 7, 3, 1, '2020-02-27', '2026-11-26 10:28:00', '8.11.2.1'),
  (13, 'ap-lon1-02', '10.3.30.2', 'HP490487', 7, 3, 2, '2020-02-04', '2026-11-22 22:00:00', '8.11.2.1'),
  (14, 'fw-lon1-01', '10.3.20.1', 'FO691783', 5, 3, 1, '2019-09-02', '2026-11-26 10:38:00', '7.2.8'),
  (15, 'rtr-par1-01', '10.4.0.1', 'CI620528', 1, 4, 2, '2024-12-17', '2026-11-22 06:00:00', '17.12.2'),
  (16, 'sw-par1-01', '10.4.10.1', 'CI588218', 3, 4, 1, '2025-07-26', '2026-11-26 09:56:00', '17.12.2'),
  (17, 'ap-par1-01', '10.4.30.1', 'HP414328', 7, 4, 1, '2021-10-14', '2026-11-26 08:46:00', '8.11.2.1'),
  (18, 'sw-par1-02', '10.4.10.2', 'JU185831', 4, 4, 4, '2025-06-10', '2025-06-01 12:00:00', '23.2R1'),
  (19, 'rtr-nyc1-01', '10.5.0.1', 'JU650708', 2, 5, 1, '2024-07-20', '2026-11-26 09:27:00', '23.2R1'),
  (20, 'sw-nyc1-01', '10.5.10.1', 'JU401924', 4, 5, 1, '2019-10-27', '2026-11-26 08:30:00', '23.2R1'),
  (21, 'fw-nyc1-01', '10.5.20.1', 'PA272975', 6, 5, 2, '2022-11-02', '2026-11-20 19:00:00', '11.1.2'),
  (22, 'rtr-sin1-01', '10.6.0.1', 'CI542182', 1, 6, 1, '2019-06-10', '2026-11-26 10:51:00', '17.9.4'),
  (23, 'sw-sin1-01', '10.6.10.1', 'JU901710', 4, 6, 3, '2025-04-04', '2026-11-26 10:26:00', '23.2R1'),
  (24, 'fw-sin1-01', '10.6.20.1', 'FO456644', 5, 6, 1, '2022-12-05', '2026-11-26 10:32:00', '7.4.3');

INSERT INTO interface (id, device_id, name, speed_mbps, mac_address, admin_up, oper_up) VALUES
  (1, 1, 'GigabitEthernet0/0/0', 1000, 'e9:23:2f:8a:f2:21', TRUE, FALSE),
  (2, 1, 'GigabitEthernet0/0/1', 1000, '9e:e4:91:c5:b1:0b', TRUE, TRUE),
  (3, 1, 'GigabitEthernet0/0/2', 1000, 'b5:56:3b:fc:1e:6f', TRUE, TRUE),
  (4, 2, 'GigabitEthernet0/0/0', 1000, '42:7e:cb:c8:fe:29', TRUE, TRUE),
  (5, 2, 'GigabitEthernet0/0/1', 1000, 'cd:8e:46:dc:8e:d4', TRUE, TRUE),
  (6, 2, 'GigabitEthernet0/0/2', 1000, 'c2:76:4d:2a:5a:4d', TRUE, TRUE),
  (7, 3, 'TenGigE1/0/1', 10000, '77:06:f8:5d:86:90', TRUE, FALSE),
  (8, 3, 'TenGigE1/0/2', 10000, 'd6:bd:a3:40:1b:e9', TRUE, TRUE),
  (9, 3, 'TenGigE1/0/3', 10000, 'c8:cb:cc:c9:35:f6', TRUE, TRUE),
  (10, 4, 'TenGigE1/0/1', 10000, '1f:61:22:6a:e1:53', TRUE, FALSE),
  (11, 4, 'TenGigE1/0/2', 10000, '38:ae:1a:34:00:4d', TRUE, FALSE),
  (12, 4, 'TenGigE1/0/3', 10000, '33:ba:0d:24:6a:c0', TRUE, FALSE),
  (13, 5, 'port1', 1000, '4c:81:b1:ba:f2:3e', TRUE, TRUE),
  (14, 5, 'port2', 1000, 'f9:ee:f5:f7:9f:2b', TRUE, TRUE),
  (15, 6, 'GigabitEthernet0/0/0', 1000, 'af:87:f5:52:0b:69', TRUE, TRUE),
  (16, 6, 'GigabitEthernet0/0/1', 1000, 'b9:4b:0d:98:2e:85', TRUE, TRUE),
  (17, 6, 'GigabitEthernet0/0/2', 1000, '55:b6:72:a8:72:63', TRUE, TRUE),
  (18, 7, 'TenGigE1/0/1', 10000, 'cd:74:66:fc:b6:0e', TRUE, TRUE),
  (19, 7, 'TenGigE1/0/2', 10000, '8f:f1:84:63:b0:e4', TRUE, TRUE),
  (20, 7, 'TenGigE1/0/3', 10000, 'b2:ba:29:70:34:74', TRUE, TRUE),
  (21, 8, 'TenGigE1/0/1', 10000, 'ac:68:f7:00:f5:b0', TRUE, FALSE),
  (22, 8, 'TenGigE1/0/2', 10000, '2b:3d:c6:66:f4:5b', TRUE, FALSE),
  (23, 8, 'TenGigE1/0/3', 10000, 'de:aa:2c:ca:ed:cd', TRUE, FALSE),
  (24, 9, 'port1', 1000, '2b:51:57:41:0e:4d', TRUE, TRUE),
  (25, 9, 'port2', 1000, 'ee:4a:f2:b3:4f:43', TRUE, FALSE),
  (26, 10, 'GigabitEthernet0/0/0', 1000, '34:47:de:63:6c:0e', TRUE, TRUE),
  (27, 10, 'GigabitEthernet0/0/1', 1000, '95:7b:a6:84:d6:43', TRUE, FALSE),
  (28, 10, 'GigabitEthernet0/0/2', 1000, 'b5:ea:d7:42:4d:09', TRUE, TRUE),
  (29, 11, 'TenGigE1/0/1', 10000, '5d:02:4c:58:48:f2', TRUE, TRUE),
  (30, 11, 'TenGigE1/0/2', 10000, '3d:1f:a6:f7:36:1d', TRUE, TRUE),
  (31, 11, 'TenGigE1/0/3', 10000, '8d:15:32:e7:0e:20', TRUE, TRUE),
  (32, 12, 'eth0', 1000, '66:8d:e7:f4:7e:84', TRUE, TRUE),
  (33, 13, 'eth0', 1000, '67:e5:46:d5:3e:c8', TRUE, FALSE),
  (34, 14, 'port1', 1000, 'e2:a1:25:7b:db:25', TRUE, TRUE),
  (35, 14, 'port2', 1000, '9b:3e:4f:bb:49:81', TRUE, TRUE),
  (36, 15, 'GigabitEthernet0/0/0', 1000, 'ef:70:30:cb:f9:53', TRUE, FALSE),
  (37, 15, 'GigabitEthernet0/0/1', 1000, '72:52:dc:ce:ad:d7', TRUE, FALSE),
  (38, 15, 'GigabitEthernet0/0/2', 1000, '64:b6:a3:2f:bb:09', TRUE, FALSE),
  (39, 16, 'TenGigE1/0/1', 10000, 'ad:ea:e1:09:c4:a9', TRUE, TRUE),
  (40, 16, 'TenGigE1/0/2', 10000, '97:20:39:75:35:2b', TRUE, TRUE),
  (41, 16, 'TenGigE1/0/3', 10000, '14:5c:8a:42:d8:84', TRUE, TRUE),
  (42, 17, 'eth0', 1000, 'fd:a7:2d:8e:1d:5d', TRUE, TRUE),
  (43, 18, 'TenGigE1/0/1', 10000, '25:89:08:2d:85:2a', FALSE, FALSE),
  (44, 18, 'TenGigE1/0/2', 10000, '71:22:87:3e:e8:05', FALSE, FALSE),
  (45, 18, 'TenGigE1/0/3', 10000, 'ad:d5:89:42:16:7a', FALSE, FALSE),
  (46, 19, 'GigabitEthernet0/0/0', 1000, '38:52:86:19:5c:67', TRUE, TRUE),
  (47, 19, 'GigabitEthernet0/0/1', 1000, '9c:69:94:e4:5b:8a', TRUE, TRUE),
  (48, 19, 'GigabitEthernet0/0/2', 1000, '09:80:12:07:09:61', TRUE, TRUE),
  (49, 20, 'TenGigE1/0/1', 10000, '7d:e4:36:dd:fd:c9', TRUE, TRUE),
  (50, 20, 'TenGigE1/0/2', 10000, '9d:6e:75:af:65:47', TRUE, TRUE),
  (51, 20, 'TenGigE1/0/3', 10000, 'b1:1b:42:07:24:82', TRUE, TRUE),
  (52, 21, 'port1', 1000, '1c:2b:c3:90:7c:96', TRUE, FALSE),
  (53, 21, 'port2', 1000, '17:eb:5e:50:89:e4', TRUE, FALSE),
  (54, 22, 'GigabitEthernet0/0/0', 1000, '01:86:ba:a8:a5:7d', TRUE, FALSE),
  (55, 22, 'GigabitEthernet0/0/1', 1000, '9e:6f:b6:5d:00:ab', TRUE, TRUE),
  (56, 22, 'GigabitEthernet0/0/2', 1000, 'f3:8e:66:7f:02:2e', TRUE, TRUE),
  (57, 23, 'TenGigE1/0/1', 10000, '2d:49:cc:15:c9:0b', TRUE, FALSE),
  (58, 23, 'TenGigE1/0/2', 10000, '99:9b:77:2b:4f:c7', TRUE, FALSE),
  (59, 23, 'TenGigE1/0/3', 10000, 'a6:fd:4c:91:4a:16', TRUE, FALSE),
  (60, 24, 'port1', 1000, 'db:47:08:75:2b:0f', TRUE, FALSE),
  (61, 24, 'port2', 1000, 'b8:35:c0:e7:19:09', TRUE, TRUE);

INSERT INTO link (id, a_interface_id, b_interface_id, circuit_id, capacity_mbps, established_on) VALUES
  (1, 1, 4, 'CKT-1007', 1000, '2023-12-25'),
  (2, 2, 7, 'CKT-1014', 1000, '2021-07-14'),
  (3, 5, 15, 'CKT-1021', 1000, '2022-11-28'),
  (4, 16, 18, 'CKT-1028', 1000, '2021-08-23'),
  (5, 26, 29, 'CKT-1035', 1000, '2020-03-07'),
  (6, 27, 3, 'CKT-1042', 1000, '2022-09-22'),
  (7, 36, 39, 'CKT-1049', 1000, '2024-08-20'),
  (8, 46, 49, 'CKT-1056', 1000, '2020-07-22'),
  (9, 47, 17, 'CKT-1063', 1000, '2024-05-11'),
  (10, 54, 57, 'CKT-1070', 1000, '2022-12-26'),
  (11, 19, 24, 'CKT-1077', 1000, '2023-03-02'),
  (12, 30, 32, 'CKT-1084', 1000, '2020-09-05'),
  (13, 40, 42, 'CKT-1091', 1000, '2023-11-11'),
  (14, 8, 13, 'CKT-1098', 1000, '2023-02-11');

INSERT INTO maintenance_window (id, device_id, starts_at, ends_at, technician, description, completed) VALUES
  (1, 8, '2026-09-09 22:00:00', '2026-09-10 02:00:00', 'Tom Becker', 'Reboot after memory leak', TRUE),
  (2, 23, '2026-10-03 22:00:00', '2026-10-04 00:00:00', 'Jonas Weber', 'Optics replacement', TRUE),
  (3, 3, '2026-12-03 22:00:00', '2026-12-04 00:00:00', 'Tom Becker', 'Replace power supply', FALSE),
  (4, 15, '2026-11-03 22:00:00', '2026-11-04 01:00:00', 'Tom Becker', 'Firmware upgrade', TRUE),
  (5, 11, '2026-11-27 22:00:00', '2026-11-28 01:00:00', 'Lucie Martin', 'Firmware upgrade', FALSE),
  (6, 2, '2026-11-20 22:00:00', '2026-11-21 02:00:00', 'Anna de Vries', 'Replace power supply', TRUE),
  (7, 21, '2026-11-16 22:00:00', '2026-11-17 00:00:00', 'Priya Shah', 'Optics replacement', TRUE),
  (8, 17, '2026-11-23 22:00:00', '2026-11-24 02:00:00', 'Priya Shah', 'Reboot after memory leak', TRUE),
  (9, 6, '2026-11-19 22:00:00', '2026-11-20 02:00:00', 'Anna de Vries', 'Replace power supply', TRUE),
  (10, 13, '2026-11-01 22:00:00', '2026-11-02 00:00:00', 'Priya Shah', 'Config audit and cleanup', TRUE),
  (11, 24, '2026-11-26 22:00:00', '2026-11-27 00:00:00', 'Jonas Weber', 'Reboot after memory leak', FALSE),
  (12, 19, '2026-11-26 22:00:00', '2026-11-27 01:00:00', 'Lucie Martin', 'Optics replacement', FALSE);

INSERT INTO alert (id, device_id, severity, message, raised_at, cleared_at) VALUES
  (1, 10, 'warning', 'Interface errors rising', '2026-11-12 09:46:00', '2026-11-12 11:52:00'),
  (2, 7, 'minor', 'Fan speed degraded', '2026-10-08 19:33:00', '2026-10-08 19:55:00'),
  (3, 15, 'critical', 'BGP session down', '2026-11-16 02:43:00', NULL),
  (4, 9, 'warning', 'NTP not synchronised', '2026-10-20 02:23:00', '2026-10-20 06:03:00'),
  (5, 19, 'critical', 'BGP session down', '2026-10-13 21:38:00', '2026-10-14 02:11:00'),
  (6, 5, 'warning', 'NTP not synchronised', '2026-11-16 07:22:00', NULL),
  (7, 23, 'minor', 'Fan speed degraded', '2026-10-22 01:27:00', '2026-10-22 09:49:00'),
  (8, 1, 'major', 'High CPU (95%)', '2026-10-01 07:50:00', '2026-10-01 15:36:00'),
  (9, 10, 'minor', 'Fan speed degraded', '2026-10-13 19:22:00', '2026-10-14 01:52:00'),
  (10, 4, 'critical', 'BGP session down', '2026-10-01 03:48:00', NULL),
  (11, 11, 'warning', 'Interface errors rising', '2026-10-11 22:14:00', '2026-10-12 01:39:00'),
  (12, 1, 'minor', 'High memory (85%)', '2026-10-27 09:08:00', NULL),
  (13, 13, 'critical', 'Device unreachable (ICMP)', '2026-11-23 15:04:00', NULL),
  (14, 12, 'warning', 'NTP not synchronised', '2026-10-26 01:05:00', '2026-10-26 05:57:00'),
  (15, 2, 'minor', 'High memory (85%)', '2026-10-26 23:57:00', '2026-10-27 02:34:00'),
  (16, 9, 'warning', 'Certificate expires in 30 days', '2026-11-16 12:12:00', '2026-11-16 18:39:00'),
  (17, 1, 'minor', 'Config drift detected', '2026-11-06 09:54:00', '2026-11-06 19:26:00'),
  (18, 7, 'minor', 'Config drift detected', '2026-10-08 08:01:00', NULL),
  (19, 14, 'warning', 'Certificate expires in 30 days', '2026-10-13 14:42:00', '2026-10-13 19:40:00'),
  (20, 2, 'warning', 'Certificate expires in 30 days', '2026-10-12 14:06:00', NULL),
  (21, 11, 'minor', 'Config drift detected', '2026-10-28 02:29:00', NULL),
  (22, 21, 'critical', 'Power supply failed', '2026-11-06 23:22:00', NULL),
  (23, 8, 'minor', 'High memory (85%)', '2026-11-13 23:31:00', '2026-11-14 06:19:00'),
  (24, 6, 'minor', 'Config drift detected', '2026-10-15 17:08:00', NULL),
  (25, 16, 'warning', 'Certificate expires in 30 days', '2026-10-21 00:39:00', '2026-10-21 06:24:00'),
  (26, 14, 'major', 'Interface down', '2026-11-19 20:39:00', NULL),
  (27, 6, 'minor', 'High memory (85%)', '2026-11-20 14:19:00', NULL),
  (28, 12, 'minor', 'High memory (85%)', '2026-11-21 20:20:00', NULL),
  (29, 24, 'warning', 'NTP not synchronised', '2026-11-04 20:19:00', '2026-11-05 05:20:00'),
  (30, 13, 'minor', 'High memory (85%)', '2026-10-31 18:48:00', NULL);
