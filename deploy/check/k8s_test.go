package check

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/labels"
	"sigs.k8s.io/yaml"
)

// manifests reads every object of deploy/k8s, each decoded strictly into its
// Kubernetes API type by kind.
type manifests struct {
	deployments  map[string]*appsv1.Deployment
	statefulSets map[string]*appsv1.StatefulSet
	services     map[string]*corev1.Service
	configMaps   map[string]*corev1.ConfigMap
	pdbs         map[string]*policyv1.PodDisruptionBudget
	namespaces   map[string]*corev1.Namespace
}

func readManifests(t *testing.T) manifests {
	t.Helper()
	m := manifests{map[string]*appsv1.Deployment{}, map[string]*appsv1.StatefulSet{}, map[string]*corev1.Service{},
		map[string]*corev1.ConfigMap{}, map[string]*policyv1.PodDisruptionBudget{}, map[string]*corev1.Namespace{}}
	files, _ := filepath.Glob("../k8s/*.yaml")
	if len(files) == 0 {
		t.Fatal("no manifests in deploy/k8s")
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range bytes.Split(raw, []byte("\n---\n")) {
			if err := m.add(doc); err != nil {
				t.Errorf("%s, document %d: %v", f, i+1, err)
			}
		}
	}
	return m
}

func (m manifests) add(doc []byte) error {
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.Unmarshal(doc, &head); err != nil {
		return err
	}
	strict := func(into any) error { return yaml.UnmarshalStrict(doc, into) }
	switch head.APIVersion + " " + head.Kind {
	case "apps/v1 Deployment":
		o := &appsv1.Deployment{}
		return keep(strict(o), func() { m.deployments[o.Name] = o })
	case "apps/v1 StatefulSet":
		o := &appsv1.StatefulSet{}
		return keep(strict(o), func() { m.statefulSets[o.Name] = o })
	case "v1 Service":
		o := &corev1.Service{}
		return keep(strict(o), func() { m.services[o.Name] = o })
	case "v1 ConfigMap":
		o := &corev1.ConfigMap{}
		return keep(strict(o), func() { m.configMaps[o.Name] = o })
	case "policy/v1 PodDisruptionBudget":
		o := &policyv1.PodDisruptionBudget{}
		return keep(strict(o), func() { m.pdbs[o.Name] = o })
	case "v1 Namespace":
		o := &corev1.Namespace{}
		return keep(strict(o), func() { m.namespaces[o.Name] = o })
	}
	return fmt.Errorf("unexpected kind %s %s", head.APIVersion, head.Kind)
}

// keep files a decoded object, or returns why it could not be decoded.
func keep(err error, ok func()) error {
	if err == nil {
		ok()
	}
	return err
}

// TestK8sManifests checks the cluster layout the issue asks for and what
// makes it run: 3 Kafka brokers, ClickHouse 2 shards x 2 replicas with 3
// Keeper nodes, scaled crawler and ingest, 2 schedulers (one leads), every
// selector matching its pods, probes on the ops port, one namespace.
func TestK8sManifests(t *testing.T) {
	m := readManifests(t)
	want := map[string]int32{"kafka": 3, "clickhouse-keeper": 3, "clickhouse-s0": 2, "clickhouse-s1": 2}
	for name, n := range want {
		s, ok := m.statefulSets[name]
		if !ok || s.Spec.Replicas == nil || *s.Spec.Replicas != n {
			t.Errorf("StatefulSet %s: want %d replicas", name, n)
			continue
		}
		checkSelector(t, name, s.Spec.Selector.MatchLabels, s.Spec.Template.Labels)
		if _, ok := m.services[s.Spec.ServiceName]; !ok {
			t.Errorf("StatefulSet %s: no headless Service %s", name, s.Spec.ServiceName)
		}
	}
	for name, n := range map[string]int32{"crawl": 2, "ingest": 2, "schedule": 2, "serve": 1} {
		d, ok := m.deployments["trustwatch-"+name]
		if !ok || d.Spec.Replicas == nil || *d.Spec.Replicas < n {
			t.Errorf("Deployment trustwatch-%s: want at least %d replicas", name, n)
			continue
		}
		checkSelector(t, d.Name, d.Spec.Selector.MatchLabels, d.Spec.Template.Labels)
		c := d.Spec.Template.Spec.Containers[0]
		if c.ReadinessProbe == nil || c.ReadinessProbe.HTTPGet.Path != "/readyz" || c.LivenessProbe == nil || c.LivenessProbe.HTTPGet.Path != "/healthz" {
			t.Errorf("%s: probes %+v %+v", d.Name, c.ReadinessProbe, c.LivenessProbe)
		}
		if c.SecurityContext == nil || c.SecurityContext.ReadOnlyRootFilesystem == nil || !*c.SecurityContext.ReadOnlyRootFilesystem {
			t.Errorf("%s: the root filesystem is writable", d.Name)
		}
		if !strings.Contains(strings.Join(c.Args, " "), "-config /etc/trustwatch/k8s.yaml") {
			t.Errorf("%s: args %v", d.Name, c.Args)
		}
	}
	for _, ns := range []string{"trustwatch"} {
		if _, ok := m.namespaces[ns]; !ok {
			t.Errorf("no Namespace %s", ns)
		}
	}
	bad := []byte("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicaz: 2}\n")
	if err := m.add(bad); err == nil {
		t.Error("a misspelt field decoded: the strict decoding checks nothing")
	}
	if pdb, ok := m.pdbs["trustwatch-schedule"]; !ok || pdb.Spec.MinAvailable.IntValue() != 1 {
		t.Error("no PodDisruptionBudget keeping a scheduler up")
	}
}

func checkSelector(t *testing.T, name string, sel, podLabels map[string]string) {
	t.Helper()
	if len(sel) == 0 || !labels.SelectorFromSet(sel).Matches(labels.Set(podLabels)) {
		t.Errorf("%s: selector %v does not match its pods' labels %v", name, sel, podLabels)
	}
}

// TestK8sClickHouseCluster reads the servers' configuration: the cluster
// clickhouse.cluster names, 2 shards of 2 replicas on the StatefulSets'
// pods, 3 Keeper nodes, and macros for the tables' Keeper paths.
func TestK8sClickHouseCluster(t *testing.T) {
	m := readManifests(t)
	cm := m.configMaps["clickhouse"]
	if cm == nil {
		t.Fatal("no ConfigMap clickhouse")
	}
	var cfg struct {
		Macros struct {
			Shard struct {
				FromEnv string `xml:"from_env,attr"`
			} `xml:"shard"`
			Replica struct {
				FromEnv string `xml:"from_env,attr"`
			} `xml:"replica"`
		} `xml:"macros"`
		Servers struct {
			Cluster []struct {
				XMLName xml.Name
				Shards  []struct {
					Replicas []struct {
						Host string `xml:"host"`
					} `xml:"replica"`
				} `xml:"shard"`
			} `xml:",any"`
		} `xml:"remote_servers"`
		Keeper []struct {
			Host string `xml:"host"`
		} `xml:"zookeeper>node"`
	}
	if err := xml.Unmarshal([]byte(cm.Data["cluster.xml"]), &cfg); err != nil {
		t.Fatal(err)
	}
	k8s := loadText(t, m.configMaps["trustwatch"].Data["k8s.yaml"], "k8s.yaml")
	if len(cfg.Servers.Cluster) != 1 || cfg.Servers.Cluster[0].XMLName.Local != k8s.ClickHouse.Cluster {
		t.Fatalf("remote_servers %+v; want the cluster %q", cfg.Servers.Cluster, k8s.ClickHouse.Cluster)
	}
	shards := cfg.Servers.Cluster[0].Shards
	if len(shards) != 2 {
		t.Fatalf("%d shards, want 2", len(shards))
	}
	for i, s := range shards {
		if len(s.Replicas) != 2 {
			t.Errorf("shard %d: %d replicas, want 2", i, len(s.Replicas))
		}
		for j, r := range s.Replicas {
			if want := fmt.Sprintf("clickhouse-s%d-%d.clickhouse-s%d.trustwatch.svc", i, j, i); r.Host != want {
				t.Errorf("shard %d replica %d: host %s, want %s (the StatefulSet's pod)", i, j, r.Host, want)
			}
		}
	}
	if len(cfg.Keeper) != 3 || cfg.Macros.Shard.FromEnv != "SHARD" || cfg.Macros.Replica.FromEnv != "HOSTNAME" {
		t.Errorf("keeper %v, macros %+v", cfg.Keeper, cfg.Macros)
	}
	if !strings.Contains(cm.Data["users.xml"], "<distributed_product_mode>global</distributed_product_mode>") {
		t.Error("the trustwatch profile does not make JOINs of Distributed tables global")
	}
}
